terraform {
  # Nothing newer than 1.5 is used; CI runs the CLI installed on the build host.
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # State is local (terraform.tfstate next to this file) unless a backend is
  # configured. To keep it in S3 instead, see "Remote state" in README.md.
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = var.name
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
