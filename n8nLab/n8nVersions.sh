# The n8n releases the e2e suite, `npm start` and the benchmarks run on, and the Node that runs
# n8n 2.x. Each version is written here only: installN8n.sh sources this file and
# n8nLab/lines.ts reads it. The n8n-core and n8n-workflow devDependencies in
# package.json are the ones this n8n 2.x release depends on.
NODE24_VERSION=24.22.3
N8N2_VERSION=2.41.1
N8N1_VERSION=1.123.81
