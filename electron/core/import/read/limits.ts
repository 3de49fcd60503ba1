/**
 * Bounds on what the reader accepts, so a hostile or accidental file is refused with a message instead of
 * exhausting memory. Chosen well above real inventories (the 2024 federal file is 2.6 MB, 1,757 rows, 62
 * columns) and well below what the main process can hold.
 */
export const READ_LIMITS = {
  /**
   * 50 MB on disk, checked with stat before any byte is read. A CSV is decoded into one string (two bytes
   * per character in V8), so this keeps the text under ~100 MB; 50 MB is ~20x the largest real inventory.
   */
  maxFileBytes: 50 * 1024 * 1024,
  /**
   * 100 MB for the sum of a workbook's declared uncompressed entry sizes, checked from the zip's central
   * directory before exceljs sees the file, then enforced while inflating. exceljs builds the whole workbook in
   * memory: measured, 59 MB of sheet XML (50,000 rows x 20 columns, a 6 MB .xlsx) held 350 MB of heap and
   * 600 MB RSS, so 100 MB keeps a hostile file near 1 GB while a 10,000-row inventory (~12 MB) is far below.
   */
  maxXlsxUncompressedBytes: 100 * 1024 * 1024,
  /** Excel itself allows 16,384; an inventory has tens. 2,000 leaves room for wide exports. */
  maxColumns: 2_000,
  /** Data rows; more than any portfolio and bounded so a preview of every row stays usable. */
  maxRows: 200_000,
  /** Excel's own per-cell limit; longer text is cut with a warning. */
  maxCellChars: 32_767,
};

/**
 * Cells in the table once every row is padded to the header's width. Without it a 2,000-column header over
 * 200,000 one-cell rows (a 1 MB file) would pad out to 400 million cells; 10 million (~80 MB of cell slots)
 * is 50 times the 2024 federal inventory (1,757 x 62).
 */
export const MAX_TABLE_CELLS = 10_000_000;

/** Entries in a workbook's zip: a real one has tens; a zip of many tiny entries is a bomb of another kind. */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * An entry inflating more than this many times its compressed size is refused. Deflate cannot exceed ~1,032:1;
 * repetitive sheet XML reaches 100-200:1, so the check applies only to entries big enough to matter.
 */
export const MAX_ZIP_RATIO = 400;
export const ZIP_RATIO_MIN_BYTES = 5 * 1024 * 1024;

/** How many leading non-empty rows the header detection looks at. */
export const HEADER_SCAN_ROWS = 30;

/** Rows converted between yields to the event loop (progress, cancel). */
export const ROWS_PER_CHUNK = 2_000;
