# Every input of the single-host stack. Values go in terraform.tfvars (see
# terraform.tfvars.example); the four without a default must be set there.

################################################################################
# Naming and placement
################################################################################

variable "name" {
  description = "Short name used in resource names and the Project tag."
  type        = string
  default     = "portal"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2-21 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name. Suffixes the bucket name and names the Ansible inventory directory (ansible/inventories/<environment>/)."
  type        = string
  default     = "production"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "aws_region" {
  description = "AWS region that holds every resource of this stack; also handed to the app as S3_REGION."
  type        = string
  default     = "ap-northeast-2" # Seoul, as the app and the Ansible roles assume

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like an AWS region code, e.g. eu-central-1."
  }
}

variable "availability_zone" {
  description = "Availability zone whose default subnet gets the instance. Empty picks the first default subnet of the default VPC; set it if that zone lacks the instance type."
  type        = string
  default     = ""

  validation {
    condition     = var.availability_zone == "" || can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", var.availability_zone))
    error_message = "availability_zone must be empty or a zone code such as eu-central-1a."
  }
}

################################################################################
# Access
################################################################################

variable "admin_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to reach SSH (port 22), e.g. the office and the operator's address as [\"203.0.113.7/32\"]. No default: the whole internet is refused here on purpose."
  type        = list(string)

  validation {
    condition     = length(var.admin_cidr_blocks) > 0 && alltrue([for cidr in var.admin_cidr_blocks : can(regex("^[0-9.]+/[0-9]+$", cidr)) && try(cidrsubnet(cidr, 0, 0) == cidr, false)])
    error_message = "admin_cidr_blocks must hold at least one IPv4 CIDR block written from its first address, such as 203.0.113.7/32 or 198.51.100.0/24."
  }

  validation {
    condition     = alltrue([for cidr in var.admin_cidr_blocks : !endswith(cidr, "/0")])
    error_message = "admin_cidr_blocks must not open SSH to the whole internet (a /0 block)."
  }
}

variable "ssh_public_key" {
  description = "OpenSSH public key (one line, as in ~/.ssh/id_ed25519.pub) installed for the ubuntu user; Ansible connects with its private half."
  type        = string

  validation {
    condition     = can(regex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$", trimspace(var.ssh_public_key)))
    error_message = "ssh_public_key must be a single OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa-sha2-*)."
  }
}

################################################################################
# Web
################################################################################

variable "domain_name" {
  description = "Domain name the portal is served under (its DNS A record points at ec2_public_ip, managed outside this stack). Empty serves the portal on http://<public IP>."
  type        = string
  default     = ""

  validation {
    condition     = var.domain_name == "" || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be empty or a lower-case host name such as portal.example.com."
  }
}

variable "enable_tls" {
  description = "Open HTTPS (443) and serve the portal on https://<domain_name>. Needs domain_name; the certificate is obtained on the host by Ansible."
  type        = bool
  default     = false
}

variable "extra_cors_origins" {
  description = "Browser origins allowed to PUT and GET objects in the bucket besides the portal's own (which is always allowed), e.g. [\"http://localhost:5173\"] for a developer front end against a staging bucket."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.extra_cors_origins : can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]+)?$", origin))])
    error_message = "extra_cors_origins must be origins without a path, such as https://portal.example.com or http://localhost:5173."
  }
}

################################################################################
# Storage
################################################################################

variable "bucket_name_prefix" {
  description = "Bucket name before the \"-<environment>\" suffix. S3 names are global across all AWS accounts, so include something of your own, e.g. \"acme-portal\". No default for that reason."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,44}[a-z0-9]$", var.bucket_name_prefix))
    error_message = "bucket_name_prefix must be 3-46 characters of lower-case letters, digits and hyphens (no dots: they break HTTPS to virtual-hosted bucket names)."
  }
}

variable "s3_versioning_enabled" {
  description = "Keep earlier versions of overwritten or deleted objects for noncurrent_version_retention_days. Costs the storage of those versions."
  type        = bool
  default     = true
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted object version is kept when versioning is on, before S3 removes it."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_retention_days >= 1 && floor(var.noncurrent_version_retention_days) == var.noncurrent_version_retention_days
    error_message = "noncurrent_version_retention_days must be a whole number of at least 1."
  }
}

variable "backup_retention_days" {
  description = "Days a nightly database dump under backups/ is kept before S3 expires it."
  type        = number
  default     = 30

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 3650 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number from 1 to 3650."
  }
}

variable "bucket_force_destroy" {
  description = "Let terraform destroy delete the bucket even when it still holds uploads and backups. Leave false in production: with it the data goes with the stack."
  type        = bool
  default     = false
}

################################################################################
# Compute
################################################################################

variable "instance_type" {
  description = "EC2 instance type of the portal host (app, database and web server on one machine)."
  type        = string
  default     = "t3.small"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like an EC2 instance type, e.g. t3.small."
  }
}

variable "root_volume_size_gb" {
  description = "Size in GiB of the encrypted gp3 root volume, which also holds the database."
  type        = number
  default     = 30

  validation {
    condition     = var.root_volume_size_gb >= 10 && var.root_volume_size_gb <= 1024 && floor(var.root_volume_size_gb) == var.root_volume_size_gb
    error_message = "root_volume_size_gb must be a whole number from 10 to 1024."
  }
}

variable "ami_owners" {
  description = "Account ids searched for the host image. The default is Canonical, publisher of the official Ubuntu images."
  type        = list(string)
  default     = ["099720109477"]

  validation {
    condition     = length(var.ami_owners) > 0 && alltrue([for owner in var.ami_owners : can(regex("^([0-9]{12}|self|amazon|aws-marketplace)$", owner))])
    error_message = "ami_owners must list 12-digit account ids (or self, amazon, aws-marketplace)."
  }
}

variable "ami_name_filter" {
  description = "Image name pattern; the newest match is used when the instance is created. The default is Ubuntu 22.04 LTS (jammy) for x86_64."
  type        = string
  default     = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"

  validation {
    condition     = length(trimspace(var.ami_name_filter)) > 0
    error_message = "ami_name_filter must not be empty."
  }
}

variable "ami_id" {
  description = "Exact image id to use instead of searching with ami_owners and ami_name_filter. Empty searches."
  type        = string
  default     = ""

  validation {
    condition     = var.ami_id == "" || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be empty or an image id such as ami-0abcdef1234567890."
  }
}

################################################################################
# Single sign-on (OpenID Connect): kept in SSM Parameter Store
################################################################################

variable "oidc_issuer" {
  description = "Issuer URL of the company's OpenID Connect provider (docs/sso.md), e.g. https://accounts.google.com or https://login.microsoftonline.com/<tenant id>/v2.0. Empty: no single sign-on, no SSM parameters."
  type        = string
  default     = ""

  validation {
    condition     = var.oidc_issuer == "" || can(regex("^https://[^\\s]+[^/]$", var.oidc_issuer))
    error_message = "oidc_issuer must be empty or an https:// URL without a trailing slash."
  }
}

variable "oidc_client_id" {
  description = "Client (application) id the portal is registered under at the provider. The client secret is not a Terraform variable (it would sit in the state): put it into the SecureString parameter with aws ssm put-parameter --overwrite."
  type        = string
  default     = ""
}

variable "oidc_allowed_domains" {
  description = "Email domains whose verified addresses may sign in, e.g. [\"example.kr\"]. Required with oidc_issuer."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for d in var.oidc_allowed_domains : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", d))])
    error_message = "oidc_allowed_domains must be lower-case domain names such as example.kr."
  }
}

variable "oidc_admin_group" {
  description = "Group (in the provider's groups claim) whose members are portal admins; empty leaves roles to the admin area. Entra ID sends group object ids."
  type        = string
  default     = ""
}

variable "oidc_jit_create" {
  description = "Create a portal account at an employee's first single sign-on. Off: an admin creates accounts, linked by verified email."
  type        = bool
  default     = false
}

variable "password_login" {
  description = "Offer password sign-in. Off: single sign-on only, except break-glass admins (flask break-glass EMAIL)."
  type        = bool
  default     = true
}
