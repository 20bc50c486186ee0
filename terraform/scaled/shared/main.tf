# The one root configuration of the scaled topology. Each environment directory
# (dev/, staging/, production/) links to this file and its neighbours and adds
# environment.tf: its name, its sizes and its state. Operator settings (domain,
# bucket, secrets) come from that directory's terraform.tfvars.
module "stack" {
  source = "../stack"

  environment = local.environment
  vpc_cidr    = local.settings.vpc_cidr

  asg_min_size             = local.settings.asg_min_size
  asg_max_size             = local.settings.asg_max_size
  asg_desired_capacity     = local.settings.asg_desired_capacity
  db_instance_class        = local.settings.db_instance_class
  db_multi_az              = local.settings.db_multi_az
  db_deletion_protection   = local.settings.db_deletion_protection
  db_skip_final_snapshot   = local.settings.db_skip_final_snapshot
  db_backup_retention_days = local.settings.db_backup_retention_days
  cache_node_type          = local.settings.cache_node_type
  cache_replicas           = local.settings.cache_replicas
  alb_deletion_protection  = local.settings.alb_deletion_protection
  log_retention_days       = local.settings.log_retention_days

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
