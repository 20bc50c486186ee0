"""S3 (or any S3-compatible server) through boto3 presigned URLs, SigV4."""
from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from portal.storage import PresignedUpload, StoredObject, content_disposition


class S3Storage:
    def __init__(self, bucket: str, region: str, endpoint_url: str | None = None):
        self.bucket = bucket
        # Credentials come from the environment or the EC2 instance role, never from config.
        self.client = boto3.client(
            "s3",
            region_name=region,
            endpoint_url=endpoint_url,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path" if endpoint_url else "virtual"},
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        )

    def presign_upload(self, key: str, content_type: str, expires_in: int) -> PresignedUpload:
        url = self.client.generate_presigned_url(
            "put_object",
            Params={"Bucket": self.bucket, "Key": key, "ContentType": content_type, "IfNoneMatch": "*"},
            ExpiresIn=expires_in,
        )
        return PresignedUpload(url=url, headers={"Content-Type": content_type, "If-None-Match": "*"})

    def presign_download(self, key: str, filename: str, content_type: str, inline: bool,
                         expires_in: int) -> str:
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": content_disposition(filename, inline),
                "ResponseContentType": content_type,
            },
            ExpiresIn=expires_in,
        )

    def head(self, key: str) -> StoredObject | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return StoredObject(size=head["ContentLength"], content_type=head.get("ContentType", ""))

    def read_start(self, key: str, length: int) -> bytes:
        response = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{length - 1}")
        return response["Body"].read(length)
