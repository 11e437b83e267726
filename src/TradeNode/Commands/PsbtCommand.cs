using System.CommandLine;
using TradeNode.Commands.Psbt;

namespace TradeNode.Commands;

/// <summary><c>tradenode psbt ...</c>: offline PSBT tools (no node needed), so a key can sign where no node runs.</summary>
public sealed class PsbtCommand : Command
{
    public PsbtCommand(TextReader input)
        : base("psbt", "Offline PSBT tools: decode one, or sign it with a WIF key or a mnemonic and a path.")
    {
        Subcommands.Add(new PsbtDecodeCommand(input));
        Subcommands.Add(new PsbtSignCommand(input));
    }
}
