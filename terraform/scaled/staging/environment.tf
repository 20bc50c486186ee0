# The staging environment of the scaled topology. main.tf, variables.tf, outputs.tf and
# versions.tf here are links to ../shared/: this file is all that makes it staging,
# so a review of it shows what staging is.
locals {
  environment = "staging"

  # staging: the shape of production (two hosts, replicas) on small, single-AZ engines.
  settings = {
    vpc_cidr                 = "10.41.0.0/16"
    asg_min_size             = 2
    asg_max_size             = 3
    asg_desired_capacity     = 2
    db_instance_class        = "db.t4g.small"
    db_multi_az              = false
    db_deletion_protection   = false
    db_skip_final_snapshot   = false
    db_backup_retention_days = 3
    cache_node_type          = "cache.t4g.micro"
    cache_replicas           = 1
    alb_deletion_protection  = false
    log_retention_days       = 30
  }
}

# One state per environment: this directory's. Keep it in S3 (see ../README.md "State"):
# terraform {
#   backend "s3" {
#     bucket       = "acme-terraform-state"
#     key          = "portal/scaled/staging.tfstate"
#     region       = "ap-northeast-2"
#     encrypt      = true
#     use_lockfile = true
#   }
# }
