# The dev environment of the scaled topology. main.tf, variables.tf, outputs.tf and
# versions.tf here are links to ../shared/: this file is all that makes it dev,
# so a review of it shows what dev is.
locals {
  environment = "dev"

  # dev: one host, no standby, cheap to leave running and quick to throw away.
  settings = {
    vpc_cidr                 = "10.40.0.0/16"
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
  }
}

# One state per environment: this directory's. Keep it in S3 (see ../README.md "State"):
# terraform {
#   backend "s3" {
#     bucket       = "acme-terraform-state"
#     key          = "portal/scaled/dev.tfstate"
#     region       = "ap-northeast-2"
#     encrypt      = true
#     use_lockfile = true
#   }
# }
