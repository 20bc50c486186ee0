# The Terraform and provider versions are the module's (../stack/versions.tf); Terraform
# applies a module's constraints to the root that calls it, so they are not repeated here.
# One state per environment: the backend block is in each environment's environment.tf.

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "portal"
      Environment = local.environment
      Topology    = "scaled"
      ManagedBy   = "terraform"
    }
  }
}
