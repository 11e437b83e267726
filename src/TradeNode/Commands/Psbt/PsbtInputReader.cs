using TradeNode.Bitcoin;
using PSBT = TradeNode.Bitcoin.Psbt.PSBT;

namespace TradeNode.Commands.Psbt;

/// <summary>Reads the PSBT argument of the psbt tools: base64 on the command line, or "-" for stdin.</summary>
internal static class PsbtInputReader
{
    private const int MaxStdinChars = 4 * 1024 * 1024;

    /// <summary>Parses <paramref name="argument"/> (or stdin for "-") as a base64 PSBT of <paramref name="network"/>; <see cref="UsageException"/> otherwise.</summary>
    public static PSBT Read(string argument, TextReader input, Network network)
    {
        var text = argument == "-" ? ReadAll(input) : argument;
        return PSBT.TryParse(text.Trim(), network, out var psbt)
            ? psbt
            : throw new UsageException($"That is not a base64 PSBT for {network.Name}.");
    }

    private static string ReadAll(TextReader input)
    {
        var buffer = new char[MaxStdinChars + 1];
        var read = input.ReadBlock(buffer, 0, buffer.Length);
        return read > MaxStdinChars ? throw new UsageException("stdin holds more than a PSBT.") : new string(buffer, 0, read);
    }
}
