# The managed engines: RDS PostgreSQL and ElastiCache Redis, in the private
# subnets, reachable only from the app hosts' security group.

# --- RDS PostgreSQL ---
resource "aws_db_subnet_group" "main" {
  name       = local.prefix
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "main" {
  name   = "${local.prefix}-pg${split(".", var.db_engine_version)[0]}"
  family = "postgres${split(".", var.db_engine_version)[0]}"

  # Clients must use TLS (the app's DATABASE_URL says sslmode=require).
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # Slow statements into the postgresql log (exported to CloudWatch Logs).
  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "main" {
  #checkov:skip=CKV_AWS_293:Deletion protection is the db_deletion_protection variable: on in production (production/main.tf), off in dev and staging, which are torn down.
  #checkov:skip=CKV_AWS_157:Multi-AZ is the db_multi_az variable: on in production (production/main.tf); dev and staging save the standby's cost.
  #checkov:skip=CKV_AWS_161:The app signs in with a password from SSM; IAM tokens expire every 15 minutes and the app's pool has no hook to renew them.
  #checkov:skip=CKV_AWS_118:Enhanced monitoring needs its own role and costs per host; CloudWatch's standard RDS metrics feed the alarms.
  #checkov:skip=CKV_AWS_354:Performance Insights uses the AWS-managed key, as the storage does; a customer key adds a key policy to run for no stated need.
  #checkov:skip=CKV2_AWS_30:Query logging (log_statement=all) would write every query with its parameters, personal data included; slow queries are logged instead.
  identifier                          = local.prefix
  engine                              = "postgres"
  engine_version                      = var.db_engine_version
  instance_class                      = var.db_instance_class
  allocated_storage                   = var.db_allocated_storage_gb
  max_allocated_storage               = var.db_max_allocated_storage_gb
  storage_type                        = "gp3"
  storage_encrypted                   = true
  db_name                             = "portal"
  username                            = var.db_username
  password                            = var.db_password
  port                                = 5432
  db_subnet_group_name                = aws_db_subnet_group.main.name
  vpc_security_group_ids              = [aws_security_group.db.id]
  parameter_group_name                = aws_db_parameter_group.main.name
  publicly_accessible                 = false
  multi_az                            = var.db_multi_az
  deletion_protection                 = var.db_deletion_protection
  backup_retention_period             = var.db_backup_retention_days
  backup_window                       = "17:00-17:30"
  maintenance_window                  = "sun:18:00-sun:19:00"
  copy_tags_to_snapshot               = true
  skip_final_snapshot                 = var.db_skip_final_snapshot
  final_snapshot_identifier           = var.db_skip_final_snapshot ? null : "${local.prefix}-final"
  auto_minor_version_upgrade          = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  performance_insights_enabled        = var.db_performance_insights
  iam_database_authentication_enabled = false
  apply_immediately                   = false

  tags = { Name = local.prefix }
}

# --- ElastiCache Redis ---
resource "aws_elasticache_subnet_group" "main" {
  count      = var.create_cache ? 1 : 0
  name       = local.prefix
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_replication_group" "main" {
  count = var.create_cache ? 1 : 0
  #checkov:skip=CKV2_AWS_50:Automatic failover follows cache_replicas: on in staging and production (one replica); dev runs a single node to save cost.
  #checkov:skip=CKV_AWS_191:At-rest encryption uses the AWS-managed key; a customer key adds a key policy to run for no stated need.
  replication_group_id       = local.prefix
  description                = "Portal sessions, rate limits and chat fan-out (${var.environment})"
  engine                     = "redis"
  engine_version             = var.cache_engine_version
  node_type                  = var.cache_node_type
  port                       = 6379
  num_cache_clusters         = 1 + var.cache_replicas
  automatic_failover_enabled = var.cache_replicas > 0
  multi_az_enabled           = var.cache_replicas > 0
  subnet_group_name          = aws_elasticache_subnet_group.main[0].name
  security_group_ids         = [aws_security_group.cache.id]
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.cache_auth_token
  snapshot_retention_limit   = 1
  snapshot_window            = "16:00-17:00"
  maintenance_window         = "sun:19:00-sun:20:00"
  auto_minor_version_upgrade = true
  apply_immediately          = false
}
