import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { readFileSync } from 'node:fs';
const buf = readFileSync('node_modules/vega-datasets/data/flights-3m.parquet');
const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const meta = await parquetMetadataAsync(ab);
console.log(meta.num_rows, meta.schema.map(s=>[s.name,s.type,s.converted_type,s.logical_type?.type]));
const t=Date.now();
const rows = await parquetReadObjects({ file: ab, rowStart: 0, rowEnd: 5 });
console.log(rows, Date.now()-t);
