output "ec2_public_ip" {
  description = "Public IPv4 address of the portal host. It changes when the instance is stopped and started (there is no Elastic IP): re-run apply and scripts/write-inventory.sh afterwards, and update DNS if domain_name is set."
  value       = aws_instance.portal.public_ip
}

output "s3_bucket_name" {
  description = "Bucket for uploads/ and backups/; the app's S3_BUCKET."
  value       = aws_s3_bucket.portal.id
}

output "aws_region" {
  description = "Region of the stack; the app's S3_REGION."
  value       = var.aws_region
}

output "environment" {
  description = "Environment this state belongs to; scripts/write-inventory.sh checks it against its argument."
  value       = var.environment
}

output "public_origin" {
  description = "Origin browsers load the portal from (allowed by the bucket's CORS rule)."
  value       = local.public_origin
}

output "instance_id" {
  description = "EC2 instance id of the portal host."
  value       = aws_instance.portal.id
}

output "iam_role_name" {
  description = "IAM role the host's instance profile carries."
  value       = aws_iam_role.host.name
}

output "security_group_id" {
  description = "Security group of the portal host."
  value       = aws_security_group.portal.id
}

output "ansible_inventory" {
  description = "YAML inventory for ansible/inventories/<environment>/hosts.yml; write it with scripts/write-inventory.sh <environment>."
  value = templatefile("${path.module}/templates/inventory.yml.tftpl", {
    host_name     = local.name
    host_address  = aws_instance.portal.public_ip
    s3_bucket     = aws_s3_bucket.portal.id
    s3_region     = var.aws_region
    public_origin = local.public_origin
  })
}

output "sso_parameter_path" {
  description = "SSM path of the single sign-on settings (one parameter per portal.env variable, OIDC_CLIENT_SECRET a SecureString to set with aws ssm put-parameter --overwrite); empty without oidc_issuer."
  value       = local.sso_enabled ? local.sso_parameter_path : ""
}
