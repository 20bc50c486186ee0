"""The Terraform stack of issue 5, as the operator runs it, against an AWS emulator.

Static checks (fmt, validate, checkov) read the shipped configuration. The round
trip copies ``terraform/`` to a temporary directory, adds a test-only
``override.tf`` that points the AWS provider at moto in server mode, and runs
apply, the inventory script, a second plan and destroy there, so nothing is
written into the repository.

The copy, the CLI's environment, the emulator and checkov are
tests/infra/terraform_harness.py's, shared with the scaled topology's test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.infra import terraform_harness as harness

pytestmark = pytest.mark.infra

REPO_ROOT = Path(__file__).resolve().parents[2]
TERRAFORM_DIR = REPO_ROOT / "terraform"
REGION = "us-east-1"
ENVIRONMENT = "production"
BUCKET = f"acme-portal-{ENVIRONMENT}"
ROLE = f"portal-{ENVIRONMENT}-host"
ADMIN_CIDR = "203.0.113.7/32"
DEV_ORIGIN = "http://localhost:5173"
BACKUP_RETENTION_DAYS = 14
ROOT_VOLUME_GB = 20

# moto's image catalogue has no Ubuntu 22.04; it has Canonical's 16.04 under the
# same owner id, so the test narrows the (overridable) name filter to that.
EMULATOR_AMI_NAME_FILTER = "ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server-*"


SERVICES = ("ec2", "iam", "s3", "ssm", "sts")
SSO_VARIABLES = {"oidc_issuer": "https://login.microsoftonline.com/0b5f-tenant/v2.0",
                 "oidc_client_id": "6d1c-portal-client", "oidc_allowed_domains": ["example.kr", "corp.example.kr"]}


def operator_public_key() -> str:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    openssh = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return openssh.decode() + " operator@test"


@dataclass
class Stack:
    workdir: Path
    env: dict[str, str]
    endpoint: str
    var_file: str

    def terraform(self, *args: str, ok: tuple[int, ...] = (0,)):
        return harness.terraform(self.workdir, self.env, *args, ok=ok)

    def client(self, service: str):
        return harness.emulator_client(self.endpoint, service, REGION)

    def write_inventory(self, environment: str = ENVIRONMENT) -> subprocess.CompletedProcess:
        """The documented command: terraform/scripts/write-inventory.sh <environment>."""
        script = self.workdir / "scripts" / "write-inventory.sh"
        return harness.run([str(script), environment], self.workdir, self.env, ok=(0, 1))

    @property
    def inventory_path(self) -> Path:
        # The script writes next to terraform/, as it does in the repository.
        return self.workdir.parent / "ansible" / "inventories" / ENVIRONMENT / "hosts.yml"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, terraform_env, aws_endpoint):
    """An initialised copy of terraform/ aimed at the emulator, with the operator's tfvars."""
    workdir = harness.copy_of_shipped(TERRAFORM_DIR, tmp_path_factory.mktemp("stack"))
    (workdir / "override.tf").write_text(harness.provider_override(aws_endpoint, SERVICES))
    variables = {
        "aws_region": REGION,
        "environment": ENVIRONMENT,
        "bucket_name_prefix": "acme-portal",
        "admin_cidr_blocks": [ADMIN_CIDR],
        "ssh_public_key": operator_public_key(),
        "extra_cors_origins": [DEV_ORIGIN],
        "backup_retention_days": BACKUP_RETENTION_DAYS,
        "root_volume_size_gb": ROOT_VOLUME_GB,
        "ami_name_filter": EMULATOR_AMI_NAME_FILTER,
        **SSO_VARIABLES,
    }
    (workdir / "test.tfvars.json").write_text(json.dumps(variables))
    harness.init(workdir, terraform_env)
    yield Stack(workdir, terraform_env, aws_endpoint, "-var-file=test.tfvars.json")
    # pytest keeps the last few temporary directories; the provider copy is 700 MB.
    shutil.rmtree(workdir / ".terraform", ignore_errors=True)


################################################################################
# Static checks
################################################################################


def test_configuration_is_formatted(terraform_env):
    harness.terraform(TERRAFORM_DIR, terraform_env, "fmt", "-check", "-recursive", "-diff")


def test_configuration_is_valid(stack):
    stack.terraform("validate")


def test_checkov_finds_no_failed_check_and_every_skip_says_why(tmp_path, terraform_env):
    scanned = harness.copy_of_shipped(TERRAFORM_DIR, tmp_path)
    harness.assert_checkov_clean(harness.checkov_report(scanned, tmp_path, terraform_env), min_resources=10)


def test_plan_refuses_unsafe_variables(stack):
    # Terraform reports every failed variable validation of one plan together.
    refusals = {
        'admin_cidr_blocks=["0.0.0.0/0"]': "must not open SSH to the whole internet",
        "bucket_name_prefix=acme.portal": "(no dots",
        "backup_retention_days=0": "backup_retention_days must be a whole number",
        "ssh_public_key=hunter2": "ssh_public_key must be a single OpenSSH public key",
        "oidc_issuer=http://idp.example.kr": "oidc_issuer must be empty or an https:// URL",
        'oidc_allowed_domains=["Example.KR"]': "oidc_allowed_domains must be lower-case domain names",
    }
    result = stack.terraform("plan", stack.var_file, *(f"-var={setting}" for setting in refusals), ok=(1,))
    errors = " ".join(result.stderr.split())
    assert [message for message in refusals.values() if message not in errors] == []


def test_plan_refuses_tls_without_a_domain(stack):
    result = stack.terraform("plan", stack.var_file, "-var=enable_tls=true", ok=(1,))
    assert "enable_tls needs domain_name" in " ".join(result.stderr.split())


################################################################################
# apply -> inventory -> plan -> destroy against the emulator
################################################################################


def test_write_inventory_refuses_without_applied_outputs(stack):
    result = stack.write_inventory()

    assert result.returncode == 1
    assert result.stderr.startswith("write-inventory: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not stack.inventory_path.exists()


def test_apply_then_plan_then_destroy(stack):
    try:
        stack.terraform("apply", "-auto-approve", stack.var_file)
        outputs = {name: o["value"] for name, o in json.loads(stack.terraform("output", "-json").stdout).items()}
        instance = the_portal_instance(stack)

        assert outputs["ec2_public_ip"] == instance["PublicIpAddress"]
        assert outputs["s3_bucket_name"] == BUCKET
        assert outputs["aws_region"] == REGION

        assert_bucket_is_private_encrypted_and_expires_backups(stack)
        assert_browsers_from_portal_origins_may_put_and_get_over_https(
            stack, portal_origin=f"http://{instance['PublicIpAddress']}"
        )
        assert_host_role_reaches_only_uploads_and_backups(stack)
        assert_single_sign_on_settings_are_in_parameter_store(stack, outputs)
        assert_security_group_admits_ssh_from_admins_and_http_from_all(stack, instance)
        assert_instance_is_hardened(stack, instance)

        plan = stack.terraform("plan", "-detailed-exitcode", stack.var_file, ok=(0, 2))
        assert plan.returncode == 0, f"the plan after apply is not empty:\n{plan.stdout[-6000:]}"

        written = stack.write_inventory()
        assert written.returncode == 0, written.stderr
        assert_inventory_names_the_instance(stack, instance)

        wrong_environment = stack.write_inventory("staging")
        assert wrong_environment.returncode == 1
        assert "is for environment 'production', not 'staging'" in wrong_environment.stderr
    finally:
        destroyed = stack.terraform("destroy", "-auto-approve", stack.var_file, ok=(0, 1))
    assert destroyed.returncode == 0, destroyed.stderr
    assert_nothing_is_left(stack)


def the_portal_instance(stack: Stack) -> dict:
    reservations = stack.client("ec2").describe_instances(
        Filters=[{"Name": "tag:Name", "Values": [f"portal-{ENVIRONMENT}"]}]
    )["Reservations"]
    instances = [i for r in reservations for i in r["Instances"] if i["State"]["Name"] != "terminated"]
    assert len(instances) == 1, instances
    return instances[0]


def assert_bucket_is_private_encrypted_and_expires_backups(stack: Stack) -> None:
    s3 = stack.client("s3")
    block = s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    ownership = s3.get_bucket_ownership_controls(Bucket=BUCKET)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    encryption = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert encryption[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"

    rules = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=BUCKET)["Rules"]}
    assert rules["expire-backups"]["Filter"] == {"Prefix": "backups/"}
    assert rules["expire-backups"]["Expiration"] == {"Days": BACKUP_RETENTION_DAYS}
    cleanup = rules["clean-up-incomplete-and-old-versions"]
    assert cleanup["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}


def assert_browsers_from_portal_origins_may_put_and_get_over_https(stack: Stack, portal_origin: str) -> None:
    cors = stack.client("s3").get_bucket_cors(Bucket=BUCKET)["CORSRules"]
    assert len(cors) == 1
    assert sorted(cors[0]["AllowedMethods"]) == ["GET", "PUT"]
    assert sorted(cors[0]["AllowedOrigins"]) == sorted([portal_origin, DEV_ORIGIN])

    # Browsers get presigned HTTPS URLs only; the bucket refuses anything else.
    # (That policy also refuses the emulator's plain-HTTP CORS preflight, so
    # the preflight itself cannot be exercised here.)
    policy = json.loads(stack.client("s3").get_bucket_policy(Bucket=BUCKET)["Policy"])
    [statement] = policy["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def assert_host_role_reaches_only_uploads_and_backups(stack: Stack) -> None:
    iam = stack.client("iam")
    assert iam.list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"] == []
    assert sorted(iam.list_role_policies(RoleName=ROLE)["PolicyNames"]) == ["bucket-access", "sso-parameters"]
    document = iam.get_role_policy(RoleName=ROLE, PolicyName="bucket-access")["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(document)

    def as_list(value) -> list:
        return value if isinstance(value, list) else [value]

    statements = {s["Sid"]: s for s in document["Statement"]}
    assert set(statements) == {"ReadWriteUploadsAndBackups", "ListBackups"}
    assert all(s["Effect"] == "Allow" for s in statements.values())

    objects = statements["ReadWriteUploadsAndBackups"]
    assert sorted(as_list(objects["Action"])) == ["s3:GetObject", "s3:PutObject"]
    assert sorted(as_list(objects["Resource"])) == [
        f"arn:aws:s3:::{BUCKET}/backups/*",
        f"arn:aws:s3:::{BUCKET}/uploads/*",
    ]

    listing = statements["ListBackups"]
    assert as_list(listing["Action"]) == ["s3:ListBucket"]
    assert as_list(listing["Resource"]) == [f"arn:aws:s3:::{BUCKET}"]
    assert {k: {v: as_list(p) for v, p in c.items()} for k, c in listing["Condition"].items()} == {
        "StringLike": {"s3:prefix": ["backups/*"]}
    }

    profile = iam.get_instance_profile(InstanceProfileName=ROLE)["InstanceProfile"]
    assert [role["RoleName"] for role in profile["Roles"]] == [ROLE]


def assert_security_group_admits_ssh_from_admins_and_http_from_all(stack: Stack, instance: dict) -> None:
    [group_ref] = instance["SecurityGroups"]
    [group] = stack.client("ec2").describe_security_groups(GroupIds=[group_ref["GroupId"]])["SecurityGroups"]
    ingress = {
        (rule["FromPort"], rule["ToPort"], rule["IpProtocol"]): sorted(r["CidrIp"] for r in rule["IpRanges"])
        for rule in group["IpPermissions"]
    }
    assert ingress == {(22, 22, "tcp"): [ADMIN_CIDR], (80, 80, "tcp"): ["0.0.0.0/0"]}
    assert [(r["IpProtocol"], [i["CidrIp"] for i in r["IpRanges"]]) for r in group["IpPermissionsEgress"]] == [
        ("-1", ["0.0.0.0/0"])
    ]


def assert_instance_is_hardened(stack: Stack, instance: dict) -> None:
    assert instance["InstanceType"] == "t3.small"
    assert instance["MetadataOptions"]["HttpTokens"] == "required"
    assert instance["IamInstanceProfile"]["Arn"].endswith(f"/{ROLE}")
    assert instance["KeyName"].startswith(f"portal-{ENVIRONMENT}-")

    ec2 = stack.client("ec2")
    [subnet] = ec2.describe_subnets(SubnetIds=[instance["SubnetId"]])["Subnets"]
    assert subnet["DefaultForAz"] is True
    [vpc] = ec2.describe_vpcs(VpcIds=[instance["VpcId"]])["Vpcs"]
    assert vpc["IsDefault"] is True

    [root] = [m for m in instance["BlockDeviceMappings"] if m["DeviceName"] == instance["RootDeviceName"]]
    [volume] = ec2.describe_volumes(VolumeIds=[root["Ebs"]["VolumeId"]])["Volumes"]
    assert volume["Encrypted"] is True
    assert volume["Size"] == ROOT_VOLUME_GB


def assert_inventory_names_the_instance(stack: Stack, instance: dict) -> None:
    inventory = yaml.safe_load(stack.inventory_path.read_text())
    portal = inventory["all"]["children"]["portal"]
    assert portal["hosts"] == {
        f"portal-{ENVIRONMENT}": {"ansible_host": instance["PublicIpAddress"], "ansible_user": "ubuntu"}
    }
    assert portal["vars"] == {
        "portal_s3_bucket": BUCKET,
        "portal_s3_region": REGION,
        "portal_public_origin": f"http://{instance['PublicIpAddress']}",
    }


def assert_single_sign_on_settings_are_in_parameter_store(stack: Stack, outputs: dict) -> None:
    path = outputs["sso_parameter_path"]
    assert path == f"/portal/{ENVIRONMENT}/sso"
    ssm = stack.client("ssm")
    parameters = {p["Name"].rsplit("/", 1)[1]: p for p in
                  ssm.get_parameters_by_path(Path=path, WithDecryption=True)["Parameters"]}
    assert {name: p["Value"] for name, p in parameters.items() if p["Type"] == "String"} == {
        "OIDC_ISSUER": SSO_VARIABLES["oidc_issuer"], "OIDC_CLIENT_ID": SSO_VARIABLES["oidc_client_id"],
        "OIDC_ALLOWED_DOMAINS": "example.kr,corp.example.kr", "OIDC_ADMIN_GROUP": "-",
        "OIDC_JIT_CREATE": "false", "PASSWORD_LOGIN": "true",
    }
    assert parameters["OIDC_CLIENT_SECRET"]["Type"] == "SecureString"
    # The operator sets the secret outside Terraform; the next plan leaves it alone.
    ssm.put_parameter(Name=f"{path}/OIDC_CLIENT_SECRET", Value="Qx8~Vb3.Lm0_Rt7-Hy2Zk5Wc9Np4Ds6Fg1Aj8Eu3",
                      Type="SecureString", Overwrite=True)

    iam = stack.client("iam")
    document = iam.get_role_policy(RoleName=ROLE, PolicyName="sso-parameters")["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    [statement] = document["Statement"]
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    assert [r.split(":parameter", 1)[1] for r in resources] == [f"{path}/*"]


def assert_nothing_is_left(stack: Stack) -> None:
    s3, iam, ec2 = stack.client("s3"), stack.client("iam"), stack.client("ec2")
    assert stack.client("ssm").describe_parameters()["Parameters"] == []
    assert s3.list_buckets()["Buckets"] == []
    assert iam.list_roles()["Roles"] == []
    assert iam.list_instance_profiles()["InstanceProfiles"] == []
    assert ec2.describe_key_pairs()["KeyPairs"] == []
    groups = ec2.describe_security_groups()["SecurityGroups"]
    assert [g["GroupName"] for g in groups if g["GroupName"] != "default"] == []
    instances = [i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert [i["InstanceId"] for i in instances if i["State"]["Name"] != "terminated"] == []
    with pytest.raises(ClientError):
        iam.get_role(RoleName=ROLE)
