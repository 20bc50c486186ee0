"""The API document: Swagger UI's assets served by the portal itself (no CDN) for the docs at
/api/docs, and the links between operations the document declares."""
from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs_assets", __name__)


@bp.get("/api/docs/assets/<path:filename>")
def swagger_asset(filename: str):
    return send_from_directory(swagger_ui_path, filename, max_age=86400)


def documentation(decorator):
    """One of flask-smorest's decorators that only document a view (`blp.doc`, `blp.alt_response`),
    applied for the document alone: each wraps the view in a function that only passes the call on,
    a layer every request would go through. The view is kept, with the document the decorator
    wrote for it (`_apidoc`, which flask-smorest reads when the blueprint is registered)."""
    def document(view):
        view._apidoc = decorator(view)._apidoc
        return view

    return document


def follows(blp, status: int, **links: tuple[str, str, dict]):
    """Document OpenAPI links from a view's `status` response: name=(method, path, parameters),
    parameters mapping each path or query parameter of the target to a runtime expression such
    as "$response.body#/id". Clients and the stateful fuzzer follow them (create, then read,
    change and delete what was created)."""
    documented = {
        name: {"operationRef": "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method,
               "parameters": parameters}
        for name, (method, path, parameters) in links.items()
    }
    # The int status merges with the response flask-smorest documents (a str key would replace it).
    return documentation(blp.doc(responses={status: {"links": documented}}))


def its_id(parameter: str) -> dict:
    """A link's parameters: `parameter` takes the id of what the response returned."""
    return {parameter: "$response.body#/id"}
