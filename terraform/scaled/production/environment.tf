# The production environment of the scaled topology. main.tf, variables.tf, outputs.tf and
# versions.tf here are links to ../shared/: this file is all that makes it production,
# so a review of it shows what production is.
locals {
  environment = "production"

  # production: a standby database in the other AZ, deletion protection, two hosts at least.
  settings = {
    vpc_cidr                 = "10.42.0.0/16"
    asg_min_size             = 2
    asg_max_size             = 6
    asg_desired_capacity     = 2
    db_instance_class        = "db.m7g.large"
    db_multi_az              = true
    db_deletion_protection   = true
    db_skip_final_snapshot   = false
    db_backup_retention_days = 14
    cache_node_type          = "cache.m7g.large"
    cache_replicas           = 1
    alb_deletion_protection  = true
    log_retention_days       = 90
  }
}

# One state per environment: this directory's. Keep it in S3 (see ../README.md "State"):
# terraform {
#   backend "s3" {
#     bucket       = "acme-terraform-state"
#     key          = "portal/scaled/production.tfstate"
#     region       = "ap-northeast-2"
#     encrypt      = true
#     use_lockfile = true
#   }
# }
