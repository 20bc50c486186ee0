# CloudWatch: log groups for the app's JSON logs and nginx, VPC flow logs of
# rejected traffic, and the alarms, notifying one SNS topic.

resource "aws_cloudwatch_log_group" "app" {
  #checkov:skip=CKV_AWS_158:Log groups use CloudWatch's own encryption; a customer key needs a key policy for the logs service for no stated need.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable (90 days by default); a year is not required for these logs.
  name              = "/${var.name}/${var.environment}/app"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "nginx" {
  #checkov:skip=CKV_AWS_158:Log groups use CloudWatch's own encryption; a customer key needs a key policy for the logs service for no stated need.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable (90 days by default); a year is not required for these logs.
  name              = "/${var.name}/${var.environment}/nginx"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "flow" {
  #checkov:skip=CKV_AWS_158:Log groups use CloudWatch's own encryption; a customer key needs a key policy for the logs service for no stated need.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable (90 days by default); a year is not required for these logs.
  name              = "/${var.name}/${var.environment}/vpc-flow-rejects"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "${local.prefix}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow.arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

# --- notifications ---
resource "aws_sns_topic" "alarms" {
  count             = var.alarm_sns_topic_arn == "" ? 1 : 0
  name              = "${local.prefix}-alarms"
  kms_master_key_id = "alias/aws/sns"
}

locals {
  alarm_topic   = var.alarm_sns_topic_arn != "" ? var.alarm_sns_topic_arn : aws_sns_topic.alarms[0].arn
  alarm_actions = [local.alarm_topic]
  alb_dimension = { LoadBalancer = aws_lb.main.arn_suffix }
  tg_dimensions = { LoadBalancer = aws_lb.main.arn_suffix, TargetGroup = aws_lb_target_group.app.arn_suffix }
}

# --- the ALB ---
resource "aws_cloudwatch_metric_alarm" "alb_5xx_rate" {
  alarm_name          = "${local.prefix}-5xx-rate"
  alarm_description   = "More than ${var.alarm_5xx_percent}% of requests answered 5xx (ALB's own and the hosts') for 3 of 5 minutes."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_5xx_percent
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "rate"
    expression  = "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests"
    label       = "5xx percent"
    return_data = true
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = local.alb_dimension
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "elb5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = local.alb_dimension
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "target5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.alb_dimension
      period      = 60
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "target_p99" {
  alarm_name          = "${local.prefix}-p99-response-time"
  alarm_description   = "The hosts' p99 response time above ${var.alarm_p99_seconds} s for 5 minutes (sockets are not counted: they are not requests)."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = local.tg_dimensions
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_p99_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name          = "${local.prefix}-unhealthy-hosts"
  alarm_description   = "A host failed /api/health for 3 minutes."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = local.tg_dimensions
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- RDS ---
resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${local.prefix}-db-cpu"
  alarm_description   = "RDS CPU above 80% for 10 minutes."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_free_storage" {
  alarm_name          = "${local.prefix}-db-free-storage"
  alarm_description   = "RDS free storage below ${var.db_free_storage_alarm_gb} GB (autoscaling stops at db_max_allocated_storage_gb)."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = var.db_free_storage_alarm_gb * 1024 * 1024 * 1024
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_connections" {
  alarm_name          = "${local.prefix}-db-connections"
  alarm_description   = "RDS connections above ${var.db_max_connections_alarm} for 5 minutes."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.db_max_connections_alarm
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- ElastiCache: one alarm per node ---
resource "aws_cloudwatch_metric_alarm" "cache_memory" {
  # Node ids are <replication group id>-001, -002, ...: known before the group exists.
  for_each          = toset([for i in range(1 + var.cache_replicas) : format("%s-%03d", local.prefix, i + 1)])
  alarm_name        = "${local.prefix}-cache-memory-${each.key}"
  alarm_description = "Redis memory above 80% of maxmemory on ${each.key} for 10 minutes."
  namespace         = "AWS/ElastiCache"
  metric_name       = "DatabaseMemoryUsagePercentage"
  dimensions        = { CacheClusterId = each.key }

  depends_on          = [aws_elasticache_replication_group.main]
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
