using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>
/// What a maker writes about an offer, as options of <c>offers create</c> (where the terms of the trade are required)
/// and <c>offers edit</c> (where every option is optional: the edit starts from the offer as it is and replaces only
/// what is given; <c>--arbitrator</c> given at all replaces the whole list).
/// </summary>
internal sealed class OfferContentOptions
{
    private readonly Option<OfferDirection> _direction = new("--direction")
    {
        Description = "What this node does with bitcoin: buy or sell.",
        HelpName = "buy|sell",
        CustomParser = ClientParsers.ParseDirection,
    };

    private readonly Option<long> _amount = new("--amount")
    {
        Description = "The most bitcoin to trade: sats (1000000) or bitcoin (0.01btc).",
        HelpName = "amount",
        CustomParser = ClientParsers.ParseSats,
    };

    private readonly Option<long> _minAmount = new("--min-amount")
    {
        Description = "The least a taker may trade (default: --amount, no range).",
        HelpName = "amount",
        CustomParser = ClientParsers.ParseSats,
    };

    private readonly Option<string> _price = new("--price")
    {
        Description = "Fixed price in fiat per whole bitcoin, exact decimal, e.g. 62000.50.",
        HelpName = "decimal",
        CustomParser = ClientParsers.ParseDecimal,
    };

    private readonly Option<string> _currency = new("--currency")
    {
        Description = "The fiat currency (ISO 4217), e.g. EUR.",
        HelpName = "code",
        CustomParser = ClientParsers.ParseCurrency,
    };

    private readonly Option<string> _paymentMethod = new("--payment-method")
    {
        Description = "Payment method id, e.g. SEPA (see tradenode offers payment-methods).",
        HelpName = "id",
    };

    private readonly Option<string[]> _arbitrators = new("--arbitrator")
    {
        Description = "An arbitrator this node accepts, by node id (repeatable; at least one, see tradenode arbitrators list).",
        HelpName = "node-id",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int> _buyerDeposit = new("--buyer-deposit")
    {
        Description = "Security deposit of the bitcoin buyer, percent of the trade amount (default 15%).",
        HelpName = "percent",
        CustomParser = ClientParsers.ParsePercentAsBps,
    };

    private readonly Option<int> _sellerDeposit = new("--seller-deposit")
    {
        Description = "Security deposit of the bitcoin seller, percent of the trade amount (default 15%).",
        HelpName = "percent",
        CustomParser = ClientParsers.ParsePercentAsBps,
    };

    private readonly Option<string> _terms = new("--terms")
    {
        Description = "Free text for takers (payment hints, hours), at most 500 characters.",
        HelpName = "text",
    };

    private readonly Option<string> _paymentAccount = new("--payment-account")
    {
        Description = "This node's payment account details shown to whoever takes the offer (where the fiat goes or comes from).",
        HelpName = "text",
    };

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="required"/> marks the terms every new offer needs.</summary>
    public OfferContentOptions(Command command, bool required)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _direction, _amount, _price, _currency, _paymentMethod, _arbitrators })
        {
            option.Required = required;
        }

        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    private Option[] All => [_direction, _amount, _minAmount, _price, _currency, _paymentMethod, _arbitrators, _buyerDeposit, _sellerDeposit, _terms, _paymentAccount];

    /// <summary>Whether any option was given on the command line.</summary>
    public bool AnyGiven(ParseResult parseResult) => All.Any(option => Given(parseResult, option));

    /// <summary>
    /// The request for <paramref name="current"/> (an empty request for a new offer) with the fields whose options
    /// were given replaced. A usage error when the minimum ends up above the amount.
    /// </summary>
    public CreateOfferRequest Apply(ParseResult parseResult, Offer? current)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var request = current is null ? new CreateOfferRequest() : FromOffer(current);
        Set(parseResult, _direction, v => request.Direction = v);
        Set(parseResult, _amount, v => request.AmountSats = v);
        Set(parseResult, _minAmount, v => request.MinAmountSats = v);
        Set(parseResult, _price, v => request.Price = v);
        Set(parseResult, _currency, v => request.Currency = v);
        Set(parseResult, _paymentMethod, v => request.PaymentMethodId = v);
        Set(parseResult, _buyerDeposit, v => request.BuyerDepositBps = v);
        Set(parseResult, _sellerDeposit, v => request.SellerDepositBps = v);
        Set(parseResult, _terms, v => request.Terms = v);
        Set(parseResult, _paymentAccount, v => request.PaymentAccount = v);
        if (Given(parseResult, _arbitrators))
        {
            request.ArbitratorNodeIds.Clear();
            request.ArbitratorNodeIds.AddRange(parseResult.GetValue(_arbitrators) ?? []);
        }

        if (request.MinAmountSats > request.AmountSats)
        {
            throw new UsageException("--min-amount must not be more than --amount.");
        }

        return request;
    }

    private static CreateOfferRequest FromOffer(Offer offer)
    {
        var request = new CreateOfferRequest
        {
            Direction = offer.Direction,
            AmountSats = offer.AmountSats,
            MinAmountSats = offer.MinAmountSats,
            Price = offer.Price?.Amount ?? string.Empty,
            Currency = offer.Price?.Currency ?? string.Empty,
            PaymentMethodId = offer.PaymentMethodId,
            BuyerDepositBps = offer.BuyerDepositBps,
            SellerDepositBps = offer.SellerDepositBps,
            Terms = offer.Terms,
        };
        request.ArbitratorNodeIds.AddRange(offer.ArbitratorNodeIds);
        return request;
    }

    private static void Set<T>(ParseResult parseResult, Option<T> option, Action<T> set)
    {
        if (Given(parseResult, option) && parseResult.GetValue(option) is { } value)
        {
            set(value);
        }
    }

    private static bool Given(ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };
}
