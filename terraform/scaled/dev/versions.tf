terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # One state per environment: this directory's. Keep it in S3 (see ../README.md "State"):
  # backend "s3" {
  #   bucket       = "acme-terraform-state"
  #   key          = "portal/scaled/dev.tfstate"
  #   region       = "ap-northeast-2"
  #   encrypt      = true
  #   use_lockfile = true
  # }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "portal"
      Environment = "dev"
      Topology    = "scaled"
      ManagedBy   = "terraform"
    }
  }
}
