# The Application Load Balancer: HTTPS with an ACM certificate, HTTP redirected
# to HTTPS, everything forwarded to nginx on the app hosts (which serves the SPA
# and proxies /api and /socket.io to the app's gunicorns).
#
# No stickiness: the client runs Socket.IO WebSocket-only (no long-polling), so a
# socket is one long TCP connection that stays on its host by itself, and hosts
# share sessions, rate limits and chat fan-out through PostgreSQL and Redis.

locals {
  with_zone = var.route53_zone_id != ""
}

resource "aws_lb" "main" {
  #checkov:skip=CKV_AWS_91:Access logs need a log bucket with its own policy; CloudWatch metrics and alarms cover the portal's needs, enable when an audit requires it.
  #checkov:skip=CKV_AWS_150:Deletion protection is the alb_deletion_protection variable: on in production (production/main.tf), off in dev and staging, which are torn down.
  #checkov:skip=CKV2_AWS_28:No WAF: the app rate-limits sign-in itself and WAF is billed per rule and request; add aws_wafv2_web_acl_association when the threat model asks.
  name                       = local.prefix
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = aws_subnet.public[*].id
  security_groups            = [aws_security_group.alb.id]
  idle_timeout               = var.alb_idle_timeout_seconds
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection

  tags = { Name = local.prefix }
}

resource "aws_lb_target_group" "app" {
  #checkov:skip=CKV_AWS_378:TLS ends at the ALB; ALB to nginx is HTTP inside the VPC's private subnets, admitted only from the ALB's security group.
  name                 = "${local.prefix}-app"
  port                 = 80
  protocol             = "HTTP"
  vpc_id               = aws_vpc.main.id
  target_type          = "instance"
  deregistration_delay = 30

  health_check {
    path                = "/api/health"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  stickiness {
    type    = "lb_cookie"
    enabled = false
  }

  tags = { Name = "${local.prefix}-app" }
}

# --- the certificate ---
resource "aws_acm_certificate" "main" {
  domain_name       = var.domain_name
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = local.with_zone ? {
    for option in aws_acm_certificate.main.domain_validation_options : option.domain_name => option
  } : {}

  zone_id         = var.route53_zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "main" {
  count                   = local.with_zone && var.wait_for_certificate ? 1 : 0
  certificate_arn         = aws_acm_certificate.main.arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]
}

resource "aws_route53_record" "portal" {
  count   = local.with_zone ? 1 : 0
  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.main.dns_name
    zone_id                = aws_lb.main.zone_id
    evaluate_target_health = true
  }
}

# --- listeners ---
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = length(aws_acm_certificate_validation.main) > 0 ? aws_acm_certificate_validation.main[0].certificate_arn : aws_acm_certificate.main.arn

  # The SPA (every other path) is served by the same nginx.
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# The API and the sockets, named explicitly: when the SPA moves elsewhere
# (S3 + CloudFront), only the default action above changes.
resource "aws_lb_listener_rule" "api_and_sockets" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/api/*", "/socket.io/*"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
