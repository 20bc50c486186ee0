# Secrets in SSM Parameter Store as SecureString (the AWS-managed aws/ssm key),
# under /<name>/<environment>/, read by the app hosts at boot with their role.
# The values come from sensitive variables; no output shows them. They are in
# Terraform's state (as every managed secret is): keep state in an encrypted,
# private S3 backend (README "State").

locals {
  database_url = "postgresql+psycopg://${var.db_username}:${var.db_password}@${aws_db_instance.main.address}:${aws_db_instance.main.port}/portal?sslmode=require"
  cache_host   = var.create_cache ? aws_elasticache_replication_group.main[0].primary_endpoint_address : "cache-not-created.invalid"
  redis_url    = "rediss://:${var.cache_auth_token}@${local.cache_host}:6379/0"

  secure_parameters = {
    secret_key     = var.app_secret_key
    jwt_secret_key = var.app_jwt_secret_key
    database_url   = local.database_url
    redis_url      = local.redis_url
  }

  plain_parameters = {
    s3_bucket     = var.bucket_name
    s3_region     = data.aws_region.current.name
    public_origin = "https://${var.domain_name}"
  }
}

resource "aws_ssm_parameter" "secure" {
  #checkov:skip=CKV_AWS_337:Encrypted with the AWS-managed aws/ssm key; the hosts' role may decrypt only through SSM (kms:ViaService).
  for_each = nonsensitive(toset(keys(local.secure_parameters)))
  name     = "${local.ssm_path}/${each.key}"
  type     = "SecureString"
  value    = local.secure_parameters[each.key]
}

resource "aws_ssm_parameter" "plain" {
  #checkov:skip=CKV2_AWS_34:These hold no secret (bucket name, region, public origin); the secrets are the SecureString parameters above.
  for_each = local.plain_parameters
  name     = "${local.ssm_path}/${each.key}"
  type     = "String"
  value    = each.value
}
