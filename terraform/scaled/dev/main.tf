# The dev environment of the scaled topology: the shared module with this
# environment's sizes. Operator settings (domain, bucket, secrets) come from
# terraform.tfvars (see terraform.tfvars.example); the rest is fixed here so
# that a review of this file shows what dev is.
module "stack" {
  source = "../stack"

  environment = "dev"
  vpc_cidr    = "10.40.0.0/16"

  # dev: one host, no standby, cheap to leave running and quick to throw away.
  asg_min_size             = 1
  asg_max_size             = 2
  asg_desired_capacity     = 1
  db_instance_class        = "db.t4g.micro"
  db_multi_az              = false
  db_deletion_protection   = false
  db_skip_final_snapshot   = true
  db_backup_retention_days = 1
  cache_node_type          = "cache.t4g.micro"
  cache_replicas           = 0
  alb_deletion_protection  = false
  log_retention_days       = 14

  domain_name          = var.domain_name
  route53_zone_id      = var.route53_zone_id
  wait_for_certificate = var.wait_for_certificate
  bucket_name          = var.bucket_name
  release_version      = var.release_version
  ami_name_filter      = var.ami_name_filter
  alarm_sns_topic_arn  = var.alarm_sns_topic_arn

  db_password        = var.db_password
  cache_auth_token   = var.cache_auth_token
  app_secret_key     = var.app_secret_key
  app_jwt_secret_key = var.app_jwt_secret_key

  create_cache = var.create_cache
}
