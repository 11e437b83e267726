using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    /// <summary>The trade <paramref name="tradeId"/> with its terms and next action; <see cref="NotFoundException"/> when unknown.</summary>
    public TradeDetails GetDetails(string tradeId) => Describe(Get(tradeId));

    /// <summary>
    /// The terms of <paramref name="trade"/> as a trader reads them. Once the maker accepted they come from the
    /// contract both signed; before that from the take request and the offer (when the node still knows it).
    /// </summary>
    public TradeDetails Describe(CurrencyTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var counterparty = NodeKey.TryCreate(trade.PeerKey, out var peer) ? peer.Id.ToString() : string.Empty;
        var next = NextAction(trade);
        if (trade.Contract.Length > 0)
        {
            var contract = ContractOf(trade);
            var arbitrator = NodeKey.TryCreate(contract.ArbitratorNodeKey.Span, out var key) ? key.Id.ToString() : string.Empty;
            string escrow;
            try
            {
                escrow = TradeContracts.ToEscrow(contract, Network).Address.ToString();
            }
            catch (InvalidInputException)
            {
                escrow = string.Empty;
            }

            return new TradeDetails
            {
                Trade = trade,
                BuyerDepositSats = contract.BuyerDepositSats,
                SellerDepositSats = contract.SellerDepositSats,
                Price = Market.Currencies.TryParseDecimal(contract.Price, out var price) ? price : null,
                FiatAmount = Market.Currencies.TryParseDecimal(contract.FiatAmount, out var fiat) ? fiat : null,
                Currency = contract.Currency,
                PaymentMethodId = contract.PaymentMethodId,
                ArbitratorNodeId = arbitrator,
                CounterpartyNodeId = counterparty,
                EscrowAddress = escrow,
                CounterpartyPaymentAccount = trade.Side == TradeSide.Buyer ? contract.SellerPaymentAccount : contract.BuyerPaymentAccount,
                NextAction = next,
            };
        }

        var request = trade.Request.Length > 0 ? TakeRequest.Parser.ParseFrom(trade.Request) : null;
        var requestArbitrator = request is not null && NodeKey.TryCreate(request.ArbitratorNodeKey.Span, out var requested) ? requested.Id.ToString() : string.Empty;
        Market.Offers.Offer? offer;
        try
        {
            offer = _offers.Get(trade.OfferId);
        }
        catch (Exception e) when (e is NotFoundException or InvalidInputException)
        {
            // Unknown, or no offer id at all: a trade remembered only because the taker's cancel overtook its request.
            offer = null;
        }

        return new TradeDetails
        {
            Trade = trade,
            BuyerDepositSats = offer?.BuyerDepositSats(trade.AmountSats) ?? 0,
            SellerDepositSats = offer?.SellerDepositSats(trade.AmountSats) ?? 0,
            Price = offer?.Price,
            FiatAmount = offer?.FiatFor(trade.AmountSats),
            Currency = offer?.Currency ?? string.Empty,
            PaymentMethodId = offer?.PaymentMethodId ?? string.Empty,
            ArbitratorNodeId = requestArbitrator,
            CounterpartyNodeId = counterparty,
            NextAction = next,
        };
    }

    /// <summary>What this node's trader does next in <paramref name="trade"/> (see <see cref="TradeDetails.NextAction"/>).</summary>
    public static string NextAction(CurrencyTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (trade.IsClosed)
        {
            return "none";
        }

        var buyer = trade.Side == TradeSide.Buyer;
        return trade.State switch
        {
            TradeState.TakeRequested => "wait_for_maker",
            TradeState.Accepted => trade.IsMaker ? "wait_for_taker" : "wait_for_deposit",
            TradeState.DepositSigned or TradeState.DepositPublished => "wait_for_deposit_confirmation",
            TradeState.DepositConfirmed => buyer ? "confirm_payment_sent" : "wait_for_payment_sent",
            TradeState.PaymentSent => buyer ? "wait_for_payment_received" : "confirm_payment_received",
            TradeState.Disputed => "dispute_open",
            _ => "wait_for_payout_confirmation",
        };
    }
}
