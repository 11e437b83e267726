using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades ...</c>: taking offers and walking this node's trades to the payout.</summary>
internal sealed class TradesCommand : Command
{
    public TradesCommand()
        : base("trades", "Currency trades: take an offer, confirm the fiat payment sent or received, cancel, list and watch; chat with the counterparty.")
    {
        Subcommands.Add(new TradesTakeCommand());
        Subcommands.Add(new TradesListCommand());
        Subcommands.Add(new TradesGetCommand());
        Subcommands.Add(new TradesPaymentSentCommand());
        Subcommands.Add(new TradesPaymentReceivedCommand());
        Subcommands.Add(new TradesCancelCommand());
        Subcommands.Add(new TradesWatchCommand());
        Subcommands.Add(new TradesPsbtGetCommand());
        Subcommands.Add(new TradesPsbtSubmitCommand());
        Subcommands.Add(new TradesChatCommand());
        Subcommands.Add(new TradesChatListCommand());
        Subcommands.Add(new TradesChatWatchCommand());
    }
}
