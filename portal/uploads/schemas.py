import marshmallow as ma

from portal.schemas import TrimmedString


class PresignUploadSchema(ma.Schema):
    filename = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=255))
    content_type = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=150))
    size = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))


class PresignedUploadSchema(ma.Schema):
    url = ma.fields.String(required=True)
    method = ma.fields.String(required=True, metadata={"enum": ["PUT"]})
    headers = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    key = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True)


class PresignDownloadArgs(ma.Schema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class PresignedDownloadSchema(ma.Schema):
    url = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True)
    filename = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)


class UploadLimitsSchema(ma.Schema):
    max_bytes = ma.fields.Integer(required=True)
    content_types = ma.fields.List(ma.fields.String(), required=True)


class AttachmentSchema(ma.Schema):
    key = ma.fields.String(required=True)
    filename = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)
    is_image = ma.fields.Boolean(required=True)
