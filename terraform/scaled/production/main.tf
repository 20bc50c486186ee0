# The production environment of the scaled topology: the shared module with this
# environment's sizes. Operator settings (domain, bucket, secrets) come from
# terraform.tfvars (see terraform.tfvars.example); the rest is fixed here so
# that a review of this file shows what production is.
module "stack" {
  source = "../stack"

  environment = "production"
  vpc_cidr    = "10.42.0.0/16"

  # production: a standby database in the other AZ, deletion protection, two hosts at least.
  asg_min_size             = 2
  asg_max_size             = 6
  asg_desired_capacity     = 2
  db_instance_class        = "db.m7g.large"
  db_multi_az              = true
  db_deletion_protection   = true
  db_backup_retention_days = 14
  cache_node_type          = "cache.m7g.large"
  cache_replicas           = 1
  alb_deletion_protection  = true
  log_retention_days       = 90

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
