import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

/** A Markdown report printed as it grows and written to a file at the end. */
export class Report {
  private readonly lines: string[] = [];

  private add(...lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      console.log(line);
    }
  }

  heading(text: string, level = 2): void {
    this.add('', `${'#'.repeat(level)} ${text}`, '');
  }

  paragraph(text: string): void {
    this.add(text, '');
  }

  bullets(items: readonly string[]): void {
    this.add(...items.map((item) => `- ${item}`), '');
  }

  table(headers: readonly string[], rows: readonly (readonly string[])[]): void {
    this.add(
      `| ${headers.join(' | ')} |`,
      `| ${headers.map(() => '---').join(' | ')} |`,
      ...rows.map((row) => `| ${row.join(' | ')} |`),
      '',
    );
  }

  /** Written as Prettier formats it, so the committed file passes `prettier --check`. */
  async write(path: string): Promise<void> {
    const options = (await resolveConfig(path)) ?? {};
    const text = await format(this.lines.join('\n'), { ...options, filepath: path });
    await writeFile(path, text);
  }
}
