# The single-host stack: one EC2 instance in the default VPC that runs the
# portal, one S3 bucket for uploads and nightly backups, and the access between
# them. Ansible configures the host afterwards from the inventory in outputs.tf.

locals {
  name        = "${var.name}-${var.environment}"
  bucket_name = "${var.bucket_name_prefix}-${var.environment}"

  # The one origin browsers load the portal from. Without a domain it is the
  # instance's public address, which changes on every stop/start (no Elastic IP
  # by design): re-run terraform apply and the inventory script after one.
  public_host   = var.domain_name != "" ? var.domain_name : aws_instance.portal.public_ip
  public_origin = "${var.enable_tls ? "https" : "http"}://${local.public_host}"

  # Object key prefixes the app writes to: uploads/<uuid>.<ext> from browsers
  # via presigned PUT, backups/<host>/<date>.dump from the nightly job.
  uploads_prefix = "uploads/"
  backups_prefix = "backups/"

  # Single sign-on settings, one SSM parameter per portal.env variable (docs/sso.md).
  sso_enabled        = var.oidc_issuer != ""
  sso_parameter_path = "/${var.name}/${var.environment}/sso"
  sso_settings = local.sso_enabled ? {
    OIDC_ISSUER          = var.oidc_issuer
    OIDC_CLIENT_ID       = var.oidc_client_id
    OIDC_ALLOWED_DOMAINS = join(",", var.oidc_allowed_domains)
    OIDC_ADMIN_GROUP     = var.oidc_admin_group == "" ? "-" : var.oidc_admin_group
    OIDC_JIT_CREATE      = tostring(var.oidc_jit_create)
    PASSWORD_LOGIN       = tostring(var.password_login)
  } : {}
}

################################################################################
# Network: the default VPC and the host's security group
################################################################################

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }

  dynamic "filter" {
    for_each = var.availability_zone == "" ? [] : [var.availability_zone]
    content {
      name   = "availability-zone"
      values = [filter.value]
    }
  }
}

data "aws_subnet" "host" {
  id = try(sort(data.aws_subnets.default.ids)[0], "")

  lifecycle {
    precondition {
      condition     = length(data.aws_subnets.default.ids) > 0
      error_message = "The default VPC has no default subnet${var.availability_zone == "" ? "" : " in ${var.availability_zone}"}; recreate it with: aws ec2 create-default-subnet."
    }
  }
}

resource "aws_security_group" "portal" {
  #checkov:skip=CKV_AWS_260:The portal is a public website; HTTP 80 must be open to everyone (it also answers ACME challenges and redirects to HTTPS when TLS is on).
  #checkov:skip=CKV_AWS_382:Egress stays open as issue 5 decided: the host needs apt mirrors, S3, the ACME CA and NTP, whose addresses are not fixed.
  name_prefix = "${local.name}-"
  description = "Portal host: SSH from admins, HTTP(S) from anywhere"
  vpc_id      = data.aws_vpc.default.id

  ingress {
    description = "SSH from the admin networks only"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidr_blocks
  }

  ingress {
    description = "HTTP from anywhere"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = var.enable_tls ? [443] : []
    content {
      description = "HTTPS from anywhere"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    description = "All outbound traffic"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = local.name
  }

  lifecycle {
    # A new group is attached before the old one is removed, so changing the
    # rules that force replacement never leaves the instance without one.
    create_before_destroy = true

    precondition {
      condition     = !var.enable_tls || var.domain_name != ""
      error_message = "enable_tls needs domain_name: a certificate cannot be issued for a bare IP address."
    }
  }
}

################################################################################
# Storage: the bucket for uploads and backups
################################################################################

resource "aws_s3_bucket" "portal" {
  #checkov:skip=CKV_AWS_18:Access logging needs a second bucket and pays for every request logged; the portal keeps its own audit log of uploads.
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles storage cost; the single-host design accepts losing the bucket only with the region.
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) default encryption is used: SSE-KMS adds per-request KMS cost and key permissions for no gain in this design.
  #checkov:skip=CKV2_AWS_62:Nothing consumes S3 event notifications; the app learns of uploads when the browser attaches them.
  bucket        = local.bucket_name
  force_destroy = var.bucket_force_destroy

  tags = {
    Name = local.bucket_name
  }
}

resource "aws_s3_bucket_public_access_block" "portal" {
  bucket = aws_s3_bucket.portal.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "portal" {
  bucket = aws_s3_bucket.portal.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "portal" {
  bucket = aws_s3_bucket.portal.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "portal" {
  bucket = aws_s3_bucket.portal.id

  versioning_configuration {
    # "Suspended" rather than "Disabled" so the switch can be turned off again
    # after it was on; a bucket never versioned behaves the same either way.
    status = var.s3_versioning_enabled ? "Enabled" : "Suspended"
  }
}

# Browsers upload and download directly with presigned URLs, so the portal's
# origin must be allowed to PUT and GET; the URL's signature is the access
# control, CORS only lets the browser read the response.
resource "aws_s3_bucket_cors_configuration" "portal" {
  bucket = aws_s3_bucket.portal.id

  cors_rule {
    allowed_methods = ["PUT", "GET"]
    allowed_origins = distinct(concat([local.public_origin], var.extra_cors_origins))
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "portal" {
  bucket = aws_s3_bucket.portal.id

  rule {
    id     = "expire-backups"
    status = "Enabled"

    filter {
      prefix = local.backups_prefix
    }

    expiration {
      days = var.backup_retention_days
    }
  }

  rule {
    id     = "clean-up-incomplete-and-old-versions"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }
  }

  # The provider asks for this order: noncurrent-version rules applied while
  # versioning is still being set can be rejected or lost.
  depends_on = [aws_s3_bucket_versioning.portal]
}

# Refuse plain-HTTP requests: presigned URLs are always HTTPS, anything else is
# a mistake or an attack.
resource "aws_s3_bucket_policy" "portal" {
  bucket = aws_s3_bucket.portal.id
  policy = data.aws_iam_policy_document.bucket_tls_only.json

  # The public access block must exist first, or S3 evaluates this policy
  # against a bucket that could still be public.
  depends_on = [aws_s3_bucket_public_access_block.portal]
}

data "aws_iam_policy_document" "bucket_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.portal.arn,
      "${aws_s3_bucket.portal.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

################################################################################
# Access: the host's IAM role, limited to the two prefixes the app uses
################################################################################

data "aws_iam_policy_document" "host_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "host_bucket_access" {
  statement {
    sid     = "ReadWriteUploadsAndBackups"
    actions = ["s3:PutObject", "s3:GetObject"]
    resources = [
      "${aws_s3_bucket.portal.arn}/${local.uploads_prefix}*",
      "${aws_s3_bucket.portal.arn}/${local.backups_prefix}*",
    ]
  }

  # Listing is needed to find the newest dump when restoring, and only there.
  statement {
    sid       = "ListBackups"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.portal.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${local.backups_prefix}*"]
    }
  }
}

# The host reads the single sign-on settings (SSM, below) and nothing else there.
data "aws_iam_policy_document" "host_sso_parameters" {
  count = local.sso_enabled ? 1 : 0

  statement {
    sid       = "ReadSingleSignOnParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = ["arn:aws:ssm:${var.aws_region}:${data.aws_caller_identity.current.account_id}:parameter${local.sso_parameter_path}/*"]
  }
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "host" {
  name               = "${local.name}-host"
  description        = "Portal host ${var.environment}: uploads/ and backups/ in its bucket, nothing else"
  assume_role_policy = data.aws_iam_policy_document.host_assume_role.json
}

resource "aws_iam_role_policy" "host_bucket_access" {
  name   = "bucket-access"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.host_bucket_access.json
}

resource "aws_iam_role_policy" "host_sso_parameters" {
  count  = local.sso_enabled ? 1 : 0
  name   = "sso-parameters"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.host_sso_parameters[0].json
}

resource "aws_iam_instance_profile" "host" {
  name = "${local.name}-host"
  role = aws_iam_role.host.name
}

################################################################################
# Compute: the portal host
################################################################################

data "aws_ami" "ubuntu" {
  count = var.ami_id == "" ? 1 : 0

  most_recent = true
  owners      = var.ami_owners

  filter {
    name   = "name"
    values = [var.ami_name_filter]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

resource "aws_key_pair" "operator" {
  key_name_prefix = "${local.name}-"
  public_key      = trimspace(var.ssh_public_key)
}

resource "aws_instance" "portal" {
  #checkov:skip=CKV_AWS_126:Detailed monitoring is billed per metric; 5-minute basic monitoring is enough for one host.
  ami                    = var.ami_id != "" ? var.ami_id : data.aws_ami.ubuntu[0].id
  instance_type          = var.instance_type
  subnet_id              = data.aws_subnet.host.id
  vpc_security_group_ids = [aws_security_group.portal.id]
  key_name               = aws_key_pair.operator.key_name
  iam_instance_profile   = aws_iam_instance_profile.host.name
  ebs_optimized          = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
    # 2 hops so a containerised process on the host still reaches the role's
    # credentials; tokens (IMDSv2) are required either way.
    http_put_response_hop_limit = 2
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    encrypted             = true
    delete_on_termination = true
  }

  tags = {
    Name = local.name
  }

  lifecycle {
    # Both only matter at first boot, and changing either would replace the
    # host and its database: the AMI search finds a newer Ubuntu build every
    # few weeks, and a new public key makes a new key pair. Rebuild on purpose
    # with: terraform apply -replace=aws_instance.portal
    ignore_changes = [ami, key_name]

    # The public address comes from the default subnet, which maps one on
    # launch; the portal is unreachable without it.
    precondition {
      condition     = data.aws_subnet.host.map_public_ip_on_launch
      error_message = "Subnet ${data.aws_subnet.host.id} does not assign public IPv4 addresses on launch; re-enable that on the default subnet."
    }

    postcondition {
      condition     = self.public_ip != ""
      error_message = "The instance got no public IPv4 address."
    }
  }
}

################################################################################
# Single sign-on: settings in SSM Parameter Store (the secret as a SecureString)
################################################################################

resource "aws_ssm_parameter" "sso" {
  #checkov:skip=CKV2_AWS_34:Issuer, client id, domains and switches are public configuration (the provider's discovery document shows most of them); the one secret is the SecureString below.
  for_each = local.sso_settings

  name        = "${local.sso_parameter_path}/${each.key}"
  description = "Portal ${var.environment}: ${each.key} for portal.env (\"-\" means empty)"
  type        = "String"
  value       = each.value

  lifecycle {
    precondition {
      condition     = var.oidc_client_id != "" && length(var.oidc_allowed_domains) > 0
      error_message = "oidc_issuer needs oidc_client_id and oidc_allowed_domains (otherwise any account at the provider could sign in)."
    }
  }
}

resource "aws_ssm_parameter" "sso_client_secret" {
  #checkov:skip=CKV_AWS_337:The AWS-managed SSM key encrypts it; a customer-managed KMS key adds cost and key policy for one secret the provider can rotate.
  count = local.sso_enabled ? 1 : 0

  name        = "${local.sso_parameter_path}/OIDC_CLIENT_SECRET"
  description = "Portal ${var.environment}: the OpenID Connect client secret. Set it outside Terraform: aws ssm put-parameter --overwrite --type SecureString"
  type        = "SecureString"
  value       = "unset: aws ssm put-parameter --overwrite"

  # Terraform only creates the parameter: the real value never enters the state.
  lifecycle {
    ignore_changes = [value]
  }
}
