using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers ...</c>: the offer book and this node's offers.</summary>
internal sealed class OffersCommand : Command
{
    public OffersCommand()
        : base("offers", "Offers to buy or sell bitcoin for fiat: create, list, watch, edit and cancel.")
    {
        Subcommands.Add(new OffersCreateCommand());
        Subcommands.Add(new OffersGetCommand());
        Subcommands.Add(new OffersListCommand());
        Subcommands.Add(new OffersMineCommand());
        Subcommands.Add(new OffersEditCommand());
        Subcommands.Add(new OffersCancelCommand());
        Subcommands.Add(new OffersWatchCommand());
        Subcommands.Add(new OffersPaymentMethodsCommand());
        Subcommands.Add(new OffersPriceCommand());
    }
}
