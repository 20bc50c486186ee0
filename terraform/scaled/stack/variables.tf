################################################################################
# Naming and placement
################################################################################

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "portal"
}

variable "environment" {
  description = "dev, staging or production: part of every name and of the SSM path /<name>/<environment>/."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "production"], var.environment)
    error_message = "environment must be dev, staging or production."
  }
}

variable "vpc_cidr" {
  description = "The VPC's address range; split into two public and two private /20 subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "Exactly two AZs of the region (empty: the first two the account sees)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.availability_zones) == 0 || length(var.availability_zones) == 2
    error_message = "availability_zones must name exactly two zones, or be empty."
  }
}

################################################################################
# Egress: NAT and VPC endpoints (see README "Egress: NAT or endpoints")
################################################################################

variable "nat_gateway_per_az" {
  description = "One NAT gateway per AZ (survives an AZ outage; twice the hourly cost) instead of one shared."
  type        = bool
  default     = false
}

variable "ssm_interface_endpoints" {
  description = "Interface endpoints for ssm, ssmmessages, ec2messages and logs in both AZs (about 0.013 USD per endpoint-AZ-hour each)."
  type        = bool
  default     = false
}

################################################################################
# The public entrance: ALB, certificate, DNS
################################################################################

variable "domain_name" {
  description = "The portal's public name (portal.example.com): the certificate's subject and the app's origin."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as portal.example.com."
  }
}

variable "route53_zone_id" {
  description = "Hosted zone of domain_name. Set: the certificate is validated through DNS records here and an alias record points at the ALB. Empty: add the validation CNAME and the alias by hand (outputs show them)."
  type        = string
  default     = ""
}

variable "wait_for_certificate" {
  description = "Wait until ACM issues the certificate before creating the HTTPS listener (only with route53_zone_id)."
  type        = bool
  default     = true
}

variable "alb_idle_timeout_seconds" {
  description = "Seconds the ALB keeps an idle connection. Must exceed Socket.IO's ping interval plus ping timeout (25 + 20 s), or quiet sockets are cut."
  type        = number
  default     = 120

  validation {
    condition     = var.alb_idle_timeout_seconds > 45 && var.alb_idle_timeout_seconds <= 4000
    error_message = "alb_idle_timeout_seconds must be above 45 (Socket.IO ping 25 s + timeout 20 s) and at most 4000."
  }
}

variable "alb_deletion_protection" {
  description = "Refuse to delete the load balancer (turn off before a deliberate destroy)."
  type        = bool
  default     = true
}

variable "ssl_policy" {
  description = "The HTTPS listener's TLS policy."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

################################################################################
# App hosts
################################################################################

variable "instance_type" {
  description = "App host instance type."
  type        = string
  default     = "t3.small"
}

variable "ami_name_filter" {
  description = "Name filter for Canonical's image (owner 099720109477); the newest match is used."
  type        = string
  default     = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
}

variable "root_volume_size_gb" {
  description = "App host root volume (no data lives there: the database and cache are managed)."
  type        = number
  default     = 16
}

variable "asg_min_size" {
  type    = number
  default = 2
}

variable "asg_max_size" {
  type    = number
  default = 6
}

variable "asg_desired_capacity" {
  type    = number
  default = 2
}

variable "cpu_target_percent" {
  description = "Target tracking: the group's average CPU."
  type        = number
  default     = 60
}

variable "requests_per_target" {
  description = "Target tracking: ALB requests per minute per host (README: one host serves ~2,900 req/s of small reads at its ceiling; keep well under)."
  type        = number
  default     = 6000
}

variable "release_version" {
  description = "The release the hosts install at boot: s3://<bucket>/releases/<version>/ (ansible.tar.gz, release.json, portal-<version>.tar.gz). Changing it starts an instance refresh."
  type        = string
  default     = "initial"

  validation {
    condition     = can(regex("^[A-Za-z0-9._+-]+$", var.release_version))
    error_message = "release_version may hold only letters, digits and . _ + -."
  }
}

variable "app_host_playbook" {
  description = "The playbook (inside ansible.tar.gz) that provisions an app host locally at boot."
  type        = string
  default     = "app-host.yml"
}

variable "instance_refresh_min_healthy_percentage" {
  type    = number
  default = 50
}

################################################################################
# Uploads bucket (S3 stays where it is when moving from one host)
################################################################################

variable "bucket_name" {
  description = "The existing uploads bucket (the single-host stack's <prefix>-<environment>); releases/ in it holds the builds."
  type        = string
}

################################################################################
# RDS PostgreSQL
################################################################################

variable "db_instance_class" {
  type    = string
  default = "db.t4g.small"
}

variable "db_engine_version" {
  type    = string
  default = "16"
}

variable "db_allocated_storage_gb" {
  type    = number
  default = 20
}

variable "db_max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling."
  type        = number
  default     = 100
}

variable "db_multi_az" {
  description = "A synchronous standby in the other AZ (about twice the instance price)."
  type        = bool
  default     = true
}

variable "db_deletion_protection" {
  type    = bool
  default = true
}

variable "db_backup_retention_days" {
  type    = number
  default = 14

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be 1..35 (0 would turn automated backups off)."
  }
}

variable "db_skip_final_snapshot" {
  description = "Destroy without a final snapshot (dev only)."
  type        = bool
  default     = false
}

variable "db_performance_insights" {
  description = "Performance Insights (free tier: 7 days). Not available on every class."
  type        = bool
  default     = true
}

variable "db_username" {
  type    = string
  default = "portal"
}

variable "db_password" {
  description = "RDS master password; stored in SSM as part of database_url. Generate: openssl rand -hex 24."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.db_password) >= 16 && can(regex("^[A-Za-z0-9]+$", var.db_password))
    error_message = "db_password must be at least 16 letters and digits (e.g. openssl rand -hex 24)."
  }
}

variable "db_max_connections_alarm" {
  description = "Alarm when connections exceed this (hosts x (API threads + chat processes) + headroom)."
  type        = number
  default     = 150
}

variable "db_free_storage_alarm_gb" {
  type    = number
  default = 5
}

################################################################################
# ElastiCache Redis
################################################################################

variable "cache_node_type" {
  type    = string
  default = "cache.t4g.small"
}

variable "cache_engine_version" {
  type    = string
  default = "7.1"
}

variable "cache_replicas" {
  description = "Read replicas besides the primary (>= 1 gives automatic failover across AZs)."
  type        = number
  default     = 1
}

variable "cache_auth_token" {
  description = "Redis AUTH token (16-128 printable characters, no @ \" /). Generate: openssl rand -hex 32."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.cache_auth_token) >= 16 && length(var.cache_auth_token) <= 128 && can(regex("^[A-Za-z0-9]+$", var.cache_auth_token))
    error_message = "cache_auth_token must be 16-128 letters and digits (e.g. openssl rand -hex 32)."
  }
}

################################################################################
# Application secrets (into SSM Parameter Store)
################################################################################

variable "app_secret_key" {
  type      = string
  sensitive = true

  validation {
    condition     = length(var.app_secret_key) >= 32
    error_message = "app_secret_key must be at least 32 characters (openssl rand -hex 32)."
  }
}

variable "app_jwt_secret_key" {
  type      = string
  sensitive = true

  validation {
    condition     = length(var.app_jwt_secret_key) >= 32
    error_message = "app_jwt_secret_key must be at least 32 characters (openssl rand -hex 32)."
  }
}

################################################################################
# Observability
################################################################################

variable "log_retention_days" {
  type    = number
  default = 90
}

variable "alarm_sns_topic_arn" {
  description = "Existing SNS topic for alarm notifications; empty creates <name>-<environment>-alarms (subscribe to it yourself)."
  type        = string
  default     = ""
}

variable "alarm_5xx_percent" {
  type    = number
  default = 2
}

variable "alarm_p99_seconds" {
  type    = number
  default = 1.5
}

################################################################################
# Emulator toggle
################################################################################

variable "create_cache" {
  description = "Create the ElastiCache replication group and its subnet group. Always true in AWS; the tests' emulator cannot run them (no member clusters, no subnet group deletion), so they set false, apply the rest and only validate these two."
  type        = bool
  default     = true
}
