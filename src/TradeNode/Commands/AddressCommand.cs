using System.CommandLine;

namespace TradeNode.Commands;

/// <summary><c>tradenode address ...</c>: address tools.</summary>
public sealed class AddressCommand : Command
{
    public AddressCommand(TextReader input)
        : base("address", "Address tools.")
    {
        Subcommands.Add(new DeriveAddressCommand(input));
    }
}
