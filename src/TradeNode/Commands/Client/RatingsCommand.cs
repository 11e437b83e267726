using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode ratings ...</c>: rating a completed trade, and reading a vendor's or listing's ratings.</summary>
internal sealed class RatingsCommand : Command
{
    public RatingsCommand()
        : base("ratings", "Ratings: rate the seller of a completed trade you bought in; list a vendor's or listing's ratings, checked on chain.")
    {
        Subcommands.Add(new RatingsPublishCommand());
        Subcommands.Add(new RatingsListCommand());
    }
}
