using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings ...</c>: goods for sale.</summary>
internal sealed class ListingsCommand : Command
{
    public ListingsCommand()
        : base("listings", "Listings of goods for sale: create, update, delete, search and watch.")
    {
        Subcommands.Add(new ListingsCreateCommand());
        Subcommands.Add(new ListingsUpdateCommand());
        Subcommands.Add(new ListingsDeleteCommand());
        Subcommands.Add(new ListingsGetCommand());
        Subcommands.Add(new ListingsSearchCommand());
        Subcommands.Add(new ListingsMineCommand());
        Subcommands.Add(new ListingsWatchCommand());
    }
}
