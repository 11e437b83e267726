namespace TradeNode.Commands.Client;

/// <summary>Label and value lines with the values aligned, for one record (node info, a balance, one offer).</summary>
internal sealed class Fields
{
    private readonly List<(string Label, string Value)> _lines = [];

    public Fields Add(string label, string value)
    {
        _lines.Add((label, value));
        return this;
    }

    public void Write(TextWriter output)
    {
        var width = _lines.Count == 0 ? 0 : _lines.Max(line => line.Label.Length) + 1;
        foreach (var (label, value) in _lines)
        {
            output.WriteLine($"{(label + ":").PadRight(width)}  {value}");
        }
    }
}
