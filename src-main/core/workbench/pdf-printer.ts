// Printing an HTML page to PDF, which only the Electron face can do (Chromium's printToPDF);
// elsewhere the HTML itself is the document.

export interface PdfPrinter {
  /** The PDF bytes of a self-contained HTML page. */
  printToPdf(html: string): Promise<Uint8Array>;
}
