"""The scaled topology of issue 13 (terraform/scaled/), against the AWS emulator.

Static checks read the shipped configuration: fmt, validate of every environment
(dev, staging, production, each with its own state), and checkov over the shared
module. The round trip copies terraform/scaled/ to a temporary directory, adds a
test-only override.tf that points the provider at moto in server mode, and runs
apply -> plan (no changes) -> destroy of the staging environment (production's
shape on smaller engines; production's deletion protection would refuse the
destroy), then a plan of dev and production. Every resource of the module is
applied; EMULATED and VALIDATED_ONLY below list them, and README.md repeats them.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.infra import terraform_harness as harness

pytestmark = pytest.mark.infra

REPO_ROOT = Path(__file__).resolve().parents[2]
SCALED_DIR = REPO_ROOT / "terraform" / "scaled"
ENVIRONMENTS = ("dev", "staging", "production")
REGION = "ap-northeast-2"
ENVIRONMENT = "staging"
PREFIX = f"portal-{ENVIRONMENT}"
DOMAIN = "portal-staging.example.com"
ZONE = "example.com"
BUCKET = "acme-portal-staging"
EMULATOR_AMI_NAME_FILTER = "ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server-*"

# Distinct, valid secrets: none of them may appear in user data or outputs.
SECRETS = {
    "db_password": "dbpw" + "a1" * 12,
    "cache_auth_token": "redistoken" + "b2" * 12,
    "app_secret_key": "secretkey" + "c3" * 16,
    "app_jwt_secret_key": "jwtsecret" + "d4" * 16,
}

# What the emulator applies (every resource type of terraform/scaled/stack), and
# what is only validated. Kept equal to README.md's table by a test below.
EMULATED = {
    "aws_vpc", "aws_default_security_group", "aws_flow_log", "aws_internet_gateway", "aws_subnet",
    "aws_route_table", "aws_route", "aws_route_table_association", "aws_eip", "aws_nat_gateway",
    "aws_vpc_endpoint", "aws_security_group", "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule", "aws_lb", "aws_lb_target_group", "aws_acm_certificate",
    "aws_route53_record", "aws_acm_certificate_validation", "aws_lb_listener", "aws_lb_listener_rule",
    "aws_iam_role", "aws_iam_role_policy", "aws_iam_instance_profile", "aws_launch_template",
    "aws_autoscaling_group", "aws_autoscaling_policy", "aws_db_subnet_group", "aws_db_parameter_group",
    "aws_db_instance", "aws_ssm_parameter", "aws_cloudwatch_log_group",
    "aws_sns_topic", "aws_cloudwatch_metric_alarm",
}
# moto creates a replication group without its member clusters, which the provider then
# fails to read, and cannot delete a cache subnet group: the staging apply sets
# create_cache = false (these two are left out; everything else is applied, the per-node
# memory alarms included); dev and production plan them.
VALIDATED_ONLY = {"aws_elasticache_replication_group", "aws_elasticache_subnet_group"}


SERVICES = (  # the emulator answers for these
    "acm", "autoscaling", "cloudwatch", "ec2", "elasticache", "elbv2", "iam", "kms", "logs", "rds",
    "route53", "s3", "sns", "ssm", "sts",
)


# What moto stores or returns differently from AWS, which would make the second plan
# show changes that AWS would not: test-only lifecycle settings merged into the copy's
# module (Terraform merges *_override.tf into the resources it names). The values
# themselves are checked through boto3 where moto keeps them.
#   - security group rules: moto returns a referenced group as "<account>/sg-..." and drops
#     the description;
#   - the ASG: default_instance_warmup is not stored;
#   - scaling policies: "enabled" is not returned, an empty predictive configuration is;
#   - RDS: the parameter group's parameters and performance_insights_enabled are not returned;
#   - the launch template: moto adds a "launch-template" tag specification with the default tags.
SG_RULES = {
    "aws_vpc_security_group_ingress_rule": ["alb_https", "app_from_alb", "db_from_app", "cache_from_app",
                                             "endpoints_from_app"],
    "aws_vpc_security_group_egress_rule": ["alb_to_app", "app_to_db", "app_to_cache", "app_https_out",
                                            "app_http_out"],
}
EMULATOR_IGNORES = {
    ("aws_autoscaling_group", "app"): ["desired_capacity", "default_instance_warmup"],
    ("aws_autoscaling_policy", "cpu"): ["enabled", "predictive_scaling_configuration"],
    ("aws_autoscaling_policy", "requests"): ["enabled", "predictive_scaling_configuration"],
    ("aws_db_parameter_group", "main"): ["parameter"],
    ("aws_db_instance", "main"): ["performance_insights_enabled"],
    ("aws_launch_template", "app"): ["image_id", "tag_specifications"],
    **{(kind, name): ["referenced_security_group_id", "description"] for kind, names in SG_RULES.items()
       for name in names},
}


def emulator_override() -> str:
    blocks = []
    for (kind, name), attributes in EMULATOR_IGNORES.items():
        ignored = ", ".join(attributes)
        blocks.append(f'resource "{kind}" "{name}" {{\n  lifecycle {{\n    ignore_changes = [{ignored}]\n  }}\n}}\n')
    return "\n".join(blocks)


@dataclass
class Environment:
    workdir: Path
    env: dict[str, str]
    endpoint: str

    def terraform(self, *args: str, ok: tuple[int, ...] = (0,)):
        return harness.terraform(self.workdir, self.env, *args, ok=ok)

    def client(self, service: str):
        return harness.emulator_client(self.endpoint, service, REGION)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory, terraform_env, aws_endpoint):
    """An initialised copy of terraform/scaled/ whose environments point at the emulator."""
    root = harness.copy_of_shipped(SCALED_DIR, tmp_path_factory.mktemp("scaled"))
    (root / "stack" / "emulator_override.tf").write_text(emulator_override())
    environments = {}
    for name in ENVIRONMENTS:
        workdir = root / name
        (workdir / "override.tf").write_text(harness.provider_override(aws_endpoint, SERVICES))
        harness.init(workdir, terraform_env)
        environments[name] = Environment(workdir, terraform_env, aws_endpoint)
    yield environments
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def zone_id(scaled):
    route53 = scaled[ENVIRONMENT].client("route53")
    zone = route53.create_hosted_zone(Name=ZONE, CallerReference="portal-test")["HostedZone"]
    yield zone["Id"].split("/")[-1]


def tfvars(environment: str, zone: str) -> dict:
    return {
        "aws_region": REGION,
        "domain_name": DOMAIN if environment == ENVIRONMENT else f"portal-{environment}.example.com",
        "route53_zone_id": zone,
        "bucket_name": f"acme-portal-{environment}",
        "release_version": "v1.2.3",
        "ami_name_filter": EMULATOR_AMI_NAME_FILTER,
        "create_cache": environment != ENVIRONMENT,
        **SECRETS,
    }


def write_tfvars(environment: Environment, name: str, zone: str) -> str:
    (environment.workdir / "test.tfvars.json").write_text(json.dumps(tfvars(name, zone)))
    return "-var-file=test.tfvars.json"


################################################################################
# Static checks
################################################################################


def test_configuration_is_formatted(terraform_env):
    harness.terraform(SCALED_DIR, terraform_env, "fmt", "-check", "-recursive", "-diff")


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_every_environment_is_valid(scaled, name):
    scaled[name].terraform("validate")


def test_checkov_finds_no_failed_check_and_every_skip_says_why(tmp_path, terraform_env):
    scanned = harness.copy_of_shipped(SCALED_DIR, tmp_path)
    harness.assert_checkov_clean(harness.checkov_report(scanned, tmp_path, terraform_env), min_resources=60)


def test_plan_refuses_weak_secrets_and_a_short_idle_timeout(scaled, zone_id):
    staging = scaled[ENVIRONMENT]
    var_file = write_tfvars(staging, ENVIRONMENT, zone_id)
    refusals = {
        "db_password=short": "db_password must be at least 16 letters and digits",
        "cache_auth_token=has@sign1234567890": "cache_auth_token must be 16-128 letters and digits",
        "app_secret_key=tooshort": "app_secret_key must be at least 32 characters",
    }
    result = staging.terraform("plan", var_file, *(f"-var={setting}" for setting in refusals), ok=(1,))
    errors = " ".join(result.stderr.split())
    assert [message for message in refusals.values() if message not in errors] == []
    # The idle timeout is fixed by the module's variable validation: check it through the module.
    stack_variables = (SCALED_DIR / "stack" / "variables.tf").read_text()
    assert "var.alb_idle_timeout_seconds > 45" in stack_variables


def test_the_readme_lists_what_the_emulator_applied():
    readme = (SCALED_DIR / "README.md").read_text()
    applied = readme.split("<!-- emulator-applied -->")[1].split("<!-- /emulator-applied -->")[0]
    validated = readme.split("<!-- emulator-validated -->")[1].split("<!-- /emulator-validated -->")[0]
    listed = {word.strip("`") for word in applied.split() if word.startswith("`aws_")}
    assert listed == EMULATED
    assert {word.strip("`") for word in validated.split() if word.startswith("`aws_")} == VALIDATED_ONLY
    shipped = set()
    for path in (SCALED_DIR / "stack").glob("*.tf"):
        for line in path.read_text().splitlines():
            if line.startswith('resource "'):
                shipped.add(line.split('"')[1])
    assert shipped == EMULATED | VALIDATED_ONLY


################################################################################
# apply -> plan -> destroy against the emulator
################################################################################


def test_apply_then_plan_then_destroy(scaled, zone_id):
    staging = scaled[ENVIRONMENT]
    var_file = write_tfvars(staging, ENVIRONMENT, zone_id)
    try:
        staging.terraform("apply", "-auto-approve", var_file)
        outputs_text = staging.terraform("output", "-json").stdout
        outputs = {name: o["value"] for name, o in json.loads(outputs_text).items()}
        assert [name for name, value in SECRETS.items() if value in outputs_text] == [], "a secret in the outputs"

        check_applied(staging, outputs)

        plan = staging.terraform("plan", "-detailed-exitcode", var_file, ok=(0, 2))
        assert plan.returncode == 0, f"the plan after apply is not empty:\n{plan.stdout[-6000:]}"
    finally:
        destroyed = staging.terraform("destroy", "-auto-approve", var_file, ok=(0, 1))
    assert destroyed.returncode == 0, destroyed.stderr[-6000:]
    assert_nothing_is_left(staging)


@pytest.mark.parametrize("name", ["dev", "production"])
def test_the_other_environments_plan(scaled, zone_id, name):
    environment = scaled[name]
    var_file = write_tfvars(environment, name, zone_id)
    plan = environment.terraform("plan", var_file)
    assert "Plan:" in plan.stdout


def check_applied(stack: Environment, outputs: dict) -> None:
    assert outputs["environment"] == ENVIRONMENT
    assert outputs["public_origin"] == f"https://{DOMAIN}"
    assert outputs["ssm_path"] == f"/portal/{ENVIRONMENT}"
    groups = assert_network(stack)
    assert_security_groups_chain(stack, groups)
    assert_load_balancer(stack, outputs)
    assert_app_hosts(stack)
    assert_host_role_is_least_privilege(stack)
    assert_database(stack)
    assert_parameters(stack, outputs)
    assert_alarms_and_logs(stack)


def tags(resource: dict) -> dict:
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}


def assert_network(stack: Environment) -> dict:
    ec2 = stack.client("ec2")
    [vpc] = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [PREFIX]}])["Vpcs"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    tiers = {"public": [], "private": []}
    for subnet in subnets:
        tiers[tags(subnet)["Tier"]].append(subnet)
    assert {tier: len(found) for tier, found in tiers.items()} == {"public": 2, "private": 2}
    for found in tiers.values():
        assert len({subnet["AvailabilityZone"] for subnet in found}) == 2

    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
    by_subnet = {a["SubnetId"]: t for t in tables for a in t["Associations"] if a.get("SubnetId")}
    [nat] = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NatGateways"]
    for subnet in tiers["private"]:
        default = [r for r in by_subnet[subnet["SubnetId"]]["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        assert [r.get("NatGatewayId") for r in default] == [nat["NatGatewayId"]], "private subnets leave through NAT"
    for subnet in tiers["public"]:
        default = [r for r in by_subnet[subnet["SubnetId"]]["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        assert default[0]["GatewayId"].startswith("igw-")
    assert nat["SubnetId"] in {subnet["SubnetId"] for subnet in tiers["public"]}

    [endpoint] = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["VpcEndpoints"]
    assert endpoint["ServiceName"] == f"com.amazonaws.{REGION}.s3"
    assert endpoint["VpcEndpointType"] == "Gateway"
    private_tables = {by_subnet[subnet["SubnetId"]]["RouteTableId"] for subnet in tiers["private"]}
    assert set(endpoint["RouteTableIds"]) == private_tables

    found = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    return {g["GroupName"].removeprefix(f"{PREFIX}-"): g for g in found}


def rules(group: dict, direction: str) -> set:
    """(port, source) pairs: source is a group's short name or a CIDR."""
    found = set()
    for rule in group[direction]:
        port = rule.get("FromPort", "all")
        for pair in rule.get("UserIdGroupPairs", []):
            found.add((port, pair["GroupId"]))
        for cidr in rule.get("IpRanges", []):
            found.add((port, cidr["CidrIp"]))
    return found


def assert_security_groups_chain(stack: Environment, groups: dict) -> None:
    assert {"alb", "app", "db", "cache", "endpoints", "default"} <= set(groups)
    ids = {name: g["GroupId"] for name, g in groups.items()}
    assert rules(groups["alb"], "IpPermissions") == {(80, "0.0.0.0/0"), (443, "0.0.0.0/0")}
    assert rules(groups["alb"], "IpPermissionsEgress") == {(80, ids["app"])}
    assert rules(groups["app"], "IpPermissions") == {(80, ids["alb"])}
    assert rules(groups["app"], "IpPermissionsEgress") == {
        (5432, ids["db"]), (6379, ids["cache"]), (443, "0.0.0.0/0"), (80, "0.0.0.0/0"),
    }
    assert rules(groups["db"], "IpPermissions") == {(5432, ids["app"])}
    assert rules(groups["cache"], "IpPermissions") == {(6379, ids["app"])}
    assert rules(groups["db"], "IpPermissionsEgress") == set()
    assert rules(groups["cache"], "IpPermissionsEgress") == set()
    assert rules(groups["default"], "IpPermissions") == set()
    assert rules(groups["default"], "IpPermissionsEgress") == set()


def assert_load_balancer(stack: Environment, outputs: dict) -> None:
    elbv2 = stack.client("elbv2")
    [lb] = elbv2.describe_load_balancers(Names=[PREFIX])["LoadBalancers"]
    assert lb["DNSName"] == outputs["alb_dns_name"]
    attributes = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(
        LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"]}
    # Above Socket.IO's ping interval + timeout (25 + 20 s).
    assert int(attributes["idle_timeout.timeout_seconds"]) == 120
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"

    [group] = elbv2.describe_target_groups(Names=[f"{PREFIX}-app"])["TargetGroups"]
    assert group["HealthCheckPath"] == "/api/health"
    assert group["Port"] == 80
    group_attributes = {a["Key"]: a["Value"] for a in elbv2.describe_target_group_attributes(
        TargetGroupArn=group["TargetGroupArn"])["Attributes"]}
    assert group_attributes["stickiness.enabled"] == "false"

    found = elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    listeners = {listener["Port"]: listener for listener in found}
    assert set(listeners) == {80, 443}
    [redirect] = listeners[80]["DefaultActions"]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"
    https = listeners[443]
    assert https["Protocol"] == "HTTPS"
    [certificate] = https["Certificates"]
    described = stack.client("acm").describe_certificate(CertificateArn=certificate["CertificateArn"])["Certificate"]
    assert described["DomainName"] == DOMAIN
    assert described["Status"] == "ISSUED"
    assert https["DefaultActions"][0]["TargetGroupArn"] == group["TargetGroupArn"]
    [rule] = [r for r in elbv2.describe_rules(ListenerArn=https["ListenerArn"])["Rules"] if not r["IsDefault"]]
    [condition] = rule["Conditions"]
    patterns = condition.get("PathPatternConfig", {}).get("Values") or condition["Values"]
    assert sorted(patterns) == ["/api/*", "/socket.io/*"]
    assert rule["Actions"][0]["TargetGroupArn"] == group["TargetGroupArn"]

    route53 = stack.client("route53")
    [zone] = route53.list_hosted_zones()["HostedZones"]
    records = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
    [alias] = [r for r in records if r["Name"].rstrip(".") == DOMAIN and r["Type"] == "A"]
    assert alias["AliasTarget"]["DNSName"].rstrip(".").lower() == lb["DNSName"].lower()
    assert [r for r in records if r["Type"] == "CNAME"], "the certificate's DNS validation record"


def assert_app_hosts(stack: Environment) -> None:
    autoscaling = stack.client("autoscaling")
    [group] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[f"{PREFIX}-app"])["AutoScalingGroups"]
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (2, 3, 2)
    assert group["HealthCheckType"] == "ELB"
    assert len(group["TargetGroupARNs"]) == 1
    ec2 = stack.client("ec2")
    subnets = ec2.describe_subnets(SubnetIds=group["VPCZoneIdentifier"].split(","))["Subnets"]
    assert {tags(s)["Tier"] for s in subnets} == {"private"}
    assert len(group["Instances"]) == 2

    policies = autoscaling.describe_policies(AutoScalingGroupName=group["AutoScalingGroupName"])["ScalingPolicies"]
    metrics = {
        p["TargetTrackingConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"]
        for p in policies
    }
    assert metrics == {"ASGAverageCPUUtilization", "ALBRequestCountPerTarget"}

    template_id = group["LaunchTemplate"]["LaunchTemplateId"]
    [version] = ec2.describe_launch_template_versions(LaunchTemplateId=template_id, Versions=["$Latest"])[
        "LaunchTemplateVersions"]
    data = version["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    assert all(m["Ebs"]["Encrypted"] for m in data["BlockDeviceMappings"])
    assert "KeyName" not in data, "no SSH key: Session Manager through the role"
    user_data = base64.b64decode(data["UserData"]).decode()
    assert "s3://$bucket/releases/$release/" in user_data
    assert "release=v1.2.3" in user_data and "ssm_path=/portal/staging" in user_data
    assert [name for name, value in SECRETS.items() if value in user_data] == [], "a secret in user data"


def policy_document(document) -> dict:
    return json.loads(document) if isinstance(document, str) else document


def assert_host_role_is_least_privilege(stack: Environment) -> None:
    iam = stack.client("iam")
    role = f"{PREFIX}-app"
    assert iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"] == []
    assert iam.list_role_policies(RoleName=role)["PolicyNames"] == ["portal-app-host"]
    document = policy_document(iam.get_role_policy(RoleName=role, PolicyName="portal-app-host")["PolicyDocument"])
    statements = {s["Sid"]: s for s in document["Statement"]}

    def as_list(value) -> list:
        return value if isinstance(value, list) else [value]

    parameter_arn = f"arn:aws:ssm:{REGION}:123456789012:parameter/portal/{ENVIRONMENT}"
    assert sorted(as_list(statements["ReadOwnParameters"]["Resource"])) == [parameter_arn, f"{parameter_arn}/*"]
    decrypt = statements["DecryptThroughSsmOnly"]
    assert decrypt["Condition"]["StringEquals"]["kms:ViaService"] in (f"ssm.{REGION}.amazonaws.com",
                                                                       [f"ssm.{REGION}.amazonaws.com"])
    assert as_list(statements["Uploads"]["Resource"]) == [f"arn:aws:s3:::{BUCKET}/uploads/*"]
    assert as_list(statements["ReadReleases"]["Action"]) == ["s3:GetObject"]
    assert as_list(statements["ReadReleases"]["Resource"]) == [f"arn:aws:s3:::{BUCKET}/releases/*"]
    for statement in document["Statement"]:
        if as_list(statement["Resource"]) == ["*"]:
            assert all(a.startswith(("ssmmessages:", "ec2messages:")) for a in as_list(statement["Action"])), statement


def assert_database(stack: Environment) -> None:
    rds = stack.client("rds")
    [db] = rds.describe_db_instances(DBInstanceIdentifier=PREFIX)["DBInstances"]
    assert db["Engine"] == "postgres"
    assert db["StorageEncrypted"] is True
    assert db["PubliclyAccessible"] is False
    assert db["MultiAZ"] is False  # staging; production sets db_multi_az = true
    assert db["BackupRetentionPeriod"] == 3
    assert db["DeletionProtection"] is False
    assert db["DBParameterGroups"][0]["DBParameterGroupName"] == f"{PREFIX}-pg16"
    assert db["DBSubnetGroup"]["DBSubnetGroupName"] == PREFIX


def assert_parameters(stack: Environment, outputs: dict) -> None:
    ssm = stack.client("ssm")
    found = ssm.get_parameters_by_path(Path=f"/portal/{ENVIRONMENT}", WithDecryption=True)["Parameters"]
    parameters = {p["Name"].rsplit("/", 1)[1]: p for p in found}
    assert {name: p["Type"] for name, p in parameters.items()} == {
        "secret_key": "SecureString", "jwt_secret_key": "SecureString", "database_url": "SecureString",
        "redis_url": "SecureString", "s3_bucket": "String", "s3_region": "String", "public_origin": "String",
    }
    assert parameters["secret_key"]["Value"] == SECRETS["app_secret_key"]
    assert parameters["database_url"]["Value"] == (
        f"postgresql+psycopg://portal:{SECRETS['db_password']}@{outputs['db_address']}:5432/portal?sslmode=require"
    )
    assert parameters["redis_url"]["Value"].startswith(f"rediss://:{SECRETS['cache_auth_token']}@")
    assert parameters["s3_bucket"]["Value"] == BUCKET
    assert parameters["public_origin"]["Value"] == f"https://{DOMAIN}"


def assert_alarms_and_logs(stack: Environment) -> None:
    alarms = stack.client("cloudwatch").describe_alarms(AlarmNamePrefix=PREFIX)["MetricAlarms"]
    names = {a["AlarmName"].removeprefix(f"{PREFIX}-") for a in alarms}
    # One memory alarm per Redis node (primary + cache_replicas = 1); created even with
    # create_cache = false, as CloudWatch accepts alarms on metrics not yet reported.
    assert names == {"5xx-rate", "p99-response-time", "unhealthy-hosts", "db-cpu", "db-free-storage",
                     "db-connections", f"cache-memory-{PREFIX}-001", f"cache-memory-{PREFIX}-002"}
    [topic] = stack.client("sns").list_topics()["Topics"]
    assert all(a["AlarmActions"] == [topic["TopicArn"]] for a in alarms)
    [p99] = [a for a in alarms if a["AlarmName"].endswith("p99-response-time")]
    assert p99["ExtendedStatistic"] == "p99"
    groups = stack.client("logs").describe_log_groups(logGroupNamePrefix=f"/portal/{ENVIRONMENT}/")["logGroups"]
    assert {g["logGroupName"].rsplit("/", 1)[1] for g in groups} == {"app", "nginx", "vpc-flow-rejects"}


def assert_nothing_is_left(stack: Environment) -> None:
    ec2 = stack.client("ec2")
    assert ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [PREFIX]}])["Vpcs"] == []
    assert stack.client("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert stack.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"] == []
    assert stack.client("rds").describe_db_instances()["DBInstances"] == []
    assert stack.client("ssm").get_parameters_by_path(Path="/portal", Recursive=True)["Parameters"] == []
    assert stack.client("cloudwatch").describe_alarms()["MetricAlarms"] == []
    assert [r["RoleName"] for r in stack.client("iam").list_roles()["Roles"]] == []
    instances = [i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert [i["InstanceId"] for i in instances if i["State"]["Name"] != "terminated"] == []
