namespace TradeNode.Commands.Client;

/// <summary>Rows of text in aligned columns, headers first; numeric columns are right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _rightAligned = [];

    public int Count => _rows.Count;

    /// <summary>Right-aligns the columns with these headers (amounts, counts).</summary>
    public TextTable AlignRight(params string[] columns)
    {
        foreach (var column in columns)
        {
            _rightAligned.Add(Array.IndexOf(headers, column));
        }

        return this;
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row has {headers.Length} cells.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the table, or <paramref name="empty"/> when it has no rows.</summary>
    public void Write(TextWriter output, string empty)
    {
        if (_rows.Count == 0)
        {
            output.WriteLine(empty);
            return;
        }

        var widths = headers.Select((header, column) => Math.Max(header.Length, _rows.Max(row => row[column].Length))).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        var parts = cells.Select((cell, column) => _rightAligned.Contains(column) ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]));
        output.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
