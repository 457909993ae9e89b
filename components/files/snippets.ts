import type { FileSpace } from '../api/file-types.js';

export interface Snippet {
  id: string;
  label: string;
  code: string;
}

/**
 * "Use from code": how to reach the user's space from the AWS CLI, Python (boto3, s3fs,
 * pandas), R (arrow, aws.s3) and DuckDB, with the endpoint and bucket filled in. The
 * credentials are the AWS_* variables every service gets. `file` is a path of the space
 * the examples read. Pure.
 */
export function codeSnippets(space: FileSpace, folder: string, file: string | null): Snippet[] {
  const endpoint = space.endpoint;
  const { host, protocol } = new URL(endpoint);
  const https = protocol === 'https:';
  const prefix = space.prefix + folder;
  const key = space.prefix + (file ?? `${folder}data.csv`);
  const uri = `s3://${space.bucket}/${key}`;
  return [
    { id: 'cli', label: 'AWS CLI', code: `aws s3 ls s3://${space.bucket}/${prefix} --endpoint-url ${endpoint}\naws s3 cp ${uri} . --endpoint-url ${endpoint}` },
    {
      id: 'boto3',
      label: 'Python: boto3',
      code: `import boto3\n\ns3 = boto3.client("s3", endpoint_url="${endpoint}")\nfor item in s3.list_objects_v2(Bucket="${space.bucket}", Prefix="${prefix}").get("Contents", []):\n    print(item["Key"], item["Size"])`,
    },
    { id: 's3fs', label: 'Python: s3fs', code: `import s3fs\n\nfs = s3fs.S3FileSystem(client_kwargs={"endpoint_url": "${endpoint}"})\nprint(fs.ls("${space.bucket}/${prefix}"))` },
    {
      id: 'pandas',
      label: 'Python: pandas',
      code: `import pandas as pd\n\ndf = pd.read_csv("${uri}", storage_options={"client_kwargs": {"endpoint_url": "${endpoint}"}})`,
    },
    {
      id: 'arrow',
      label: 'R: arrow',
      code: `library(arrow)\n\nbucket <- s3_bucket("${space.bucket}", endpoint_override = "${host}", scheme = "${https ? 'https' : 'http'}")\ndf <- read_csv_arrow(bucket$path("${key}"))`,
    },
    {
      id: 'aws.s3',
      label: 'R: aws.s3',
      code: `library(aws.s3)\n\ndf <- s3read_using(read.csv, object = "${key}", bucket = "${space.bucket}",\n  opts = list(base_url = "${host}", region = "", use_https = ${https ? 'TRUE' : 'FALSE'}))`,
    },
    {
      id: 'duckdb',
      label: 'DuckDB',
      code: `INSTALL httpfs; LOAD httpfs;\nCREATE SECRET (TYPE s3, PROVIDER credential_chain, ENDPOINT '${host}', URL_STYLE 'path', USE_SSL ${https}, REGION '${space.region}');\nSELECT * FROM read_csv_auto('${uri}') LIMIT 10;`,
    },
  ];
}
