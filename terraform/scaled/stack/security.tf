# Security groups chain ALB -> app -> database/cache and admit nothing else:
# the ALB takes 80/443 from the internet and talks only to app hosts; app hosts
# take port 80 only from the ALB (no SSH: Session Manager, through the instance
# role) and talk only to RDS, ElastiCache and HTTPS out (packages, AWS APIs);
# RDS and ElastiCache take connections only from app hosts and start none.

resource "aws_security_group" "alb" {
  name        = "${local.prefix}-alb"
  description = "Portal ALB: HTTP and HTTPS from anywhere, to app hosts only"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.prefix}-alb" }
}

resource "aws_security_group" "app" {
  name        = "${local.prefix}-app"
  description = "Portal app hosts: nginx from the ALB only"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.prefix}-app" }
}

resource "aws_security_group" "db" {
  name        = "${local.prefix}-db"
  description = "Portal RDS PostgreSQL: from app hosts only"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.prefix}-db" }
}

resource "aws_security_group" "cache" {
  name        = "${local.prefix}-cache"
  description = "Portal ElastiCache Redis: from app hosts only"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.prefix}-cache" }
}

resource "aws_security_group" "endpoints" {
  name        = "${local.prefix}-endpoints"
  description = "Portal VPC interface endpoints: HTTPS from app hosts only"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.prefix}-endpoints" }
}

# --- ALB ---
resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  #checkov:skip=CKV_AWS_260:The ALB is the portal's public entrance; port 80 only redirects to HTTPS.
  for_each          = toset(["80", "443"])
  security_group_id = aws_security_group.alb.id
  description       = "Browsers (80 redirects to 443)"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_app" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To nginx on the app hosts"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.app.id
}

# --- app hosts ---
resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  #checkov:skip=CKV_AWS_260:Not from 0.0.0.0/0: the only source is the ALB's security group (referenced_security_group_id).
  security_group_id            = aws_security_group.app.id
  description                  = "nginx from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_db" {
  security_group_id            = aws_security_group.app.id
  description                  = "PostgreSQL on RDS"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_cache" {
  security_group_id            = aws_security_group.app.id
  description                  = "Redis on ElastiCache"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.cache.id
}

resource "aws_vpc_security_group_egress_rule" "app_https_out" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS out through the NAT and endpoints: packages, PyPI, S3, SSM, CloudWatch"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "app_http_out" {
  security_group_id = aws_security_group.app.id
  description       = "HTTP out through the NAT: Ubuntu's apt mirrors (packages are signed)"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

# --- database and cache: inbound from app hosts, no egress rule at all ---
resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from app hosts"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "cache_from_app" {
  security_group_id            = aws_security_group.cache.id
  description                  = "Redis from app hosts"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_app" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from app hosts to the interface endpoints"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.app.id
}
