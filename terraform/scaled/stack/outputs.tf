# Nothing secret: endpoints and names only. The URLs with passwords are in SSM.

output "environment" {
  value = var.environment
}

output "alb_dns_name" {
  description = "Point domain_name here (an alias record is made when route53_zone_id is set)."
  value       = aws_lb.main.dns_name
}

output "public_origin" {
  value = "https://${var.domain_name}"
}

output "certificate_validation_records" {
  description = "Without route53_zone_id: create these CNAMEs where the domain's DNS lives."
  value = [for option in aws_acm_certificate.main.domain_validation_options : {
    name  = option.resource_record_name
    type  = option.resource_record_type
    value = option.resource_record_value
  }]
}

output "db_address" {
  value = aws_db_instance.main.address
}

output "cache_primary_endpoint" {
  value = local.cache_host
}

output "ssm_path" {
  description = "Where the hosts read their settings and secrets."
  value       = local.ssm_path
}

output "autoscaling_group_name" {
  value = aws_autoscaling_group.app.name
}

output "app_role_name" {
  value = aws_iam_role.app.name
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "alarm_topic_arn" {
  value = local.alarm_topic
}
