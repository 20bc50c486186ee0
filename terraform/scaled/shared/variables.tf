variable "aws_region" {
  type    = string
  default = "ap-northeast-2"
}

variable "domain_name" {
  type = string
}

variable "route53_zone_id" {
  type    = string
  default = ""
}

variable "wait_for_certificate" {
  type    = bool
  default = true
}

variable "bucket_name" {
  description = "The uploads bucket (made by the single-host stack, or by hand); it stays when moving."
  type        = string
}

variable "release_version" {
  type    = string
  default = "initial"
}

variable "ami_name_filter" {
  type    = string
  default = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
}

variable "alarm_sns_topic_arn" {
  type    = string
  default = ""
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "cache_auth_token" {
  type      = string
  sensitive = true
}

variable "app_secret_key" {
  type      = string
  sensitive = true
}

variable "app_jwt_secret_key" {
  type      = string
  sensitive = true
}

variable "create_cache" {
  description = "Leave true; the tests set false for the emulator (see ../README.md)."
  type        = bool
  default     = true
}
