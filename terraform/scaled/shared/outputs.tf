output "environment" {
  value = module.stack.environment
}

output "alb_dns_name" {
  value = module.stack.alb_dns_name
}

output "public_origin" {
  value = module.stack.public_origin
}

output "certificate_validation_records" {
  value = module.stack.certificate_validation_records
}

output "db_address" {
  value = module.stack.db_address
}

output "cache_primary_endpoint" {
  value = module.stack.cache_primary_endpoint
}

output "ssm_path" {
  value = module.stack.ssm_path
}

output "autoscaling_group_name" {
  value = module.stack.autoscaling_group_name
}

output "alarm_topic_arn" {
  value = module.stack.alarm_topic_arn
}
