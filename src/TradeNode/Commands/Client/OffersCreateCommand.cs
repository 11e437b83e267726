using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers create</c>: publishes an offer to buy or sell bitcoin for fiat.</summary>
internal sealed class OffersCreateCommand : ClientCommand
{
    private readonly Option<OfferDirection> _direction = new("--direction")
    {
        Description = "What this node does with bitcoin: buy or sell.",
        HelpName = "buy|sell",
        Required = true,
        CustomParser = ClientParsers.ParseDirection,
    };

    private readonly Option<long> _amount = new("--amount")
    {
        Description = "The most bitcoin to trade: sats (1000000) or bitcoin (0.01btc).",
        HelpName = "amount",
        Required = true,
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
        Required = true,
        CustomParser = ClientParsers.ParseDecimal,
    };

    private readonly Option<string> _currency = new("--currency")
    {
        Description = "The fiat currency (ISO 4217), e.g. EUR.",
        HelpName = "code",
        Required = true,
        CustomParser = ClientParsers.ParseCurrency,
    };

    private readonly Option<string> _paymentMethod = new("--payment-method")
    {
        Description = "Payment method id, e.g. SEPA (see tradenode offers payment-methods).",
        HelpName = "id",
        Required = true,
    };

    private readonly Option<string[]> _arbitrators = new("--arbitrator")
    {
        Description = "An arbitrator this node accepts, by node id (repeatable; at least one, see tradenode arbitrators list).",
        HelpName = "node-id",
        Required = true,
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

    public OffersCreateCommand()
        : base(
            "create",
            "Publish an offer to buy or sell bitcoin for fiat at a fixed price. A sell offer reserves its amount and deposit in the wallet.",
            "tradenode offers create --direction sell --amount 0.01btc --min-amount 500000 --price 62000.50 --currency EUR --payment-method SEPA --arbitrator tn1...")
    {
        Options.Add(_direction);
        Options.Add(_amount);
        Options.Add(_minAmount);
        Options.Add(_price);
        Options.Add(_currency);
        Options.Add(_paymentMethod);
        Options.Add(_arbitrators);
        Options.Add(_buyerDeposit);
        Options.Add(_sellerDeposit);
        Options.Add(_terms);
        Options.Add(_paymentAccount);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new CreateOfferRequest
        {
            Direction = parseResult.GetValue(_direction),
            AmountSats = parseResult.GetValue(_amount),
            MinAmountSats = parseResult.GetValue(_minAmount),
            Price = parseResult.GetValue(_price),
            Currency = parseResult.GetValue(_currency),
            PaymentMethodId = parseResult.GetValue(_paymentMethod),
            BuyerDepositBps = parseResult.GetValue(_buyerDeposit),
            SellerDepositBps = parseResult.GetValue(_sellerDeposit),
            Terms = parseResult.GetValue(_terms) ?? string.Empty,
            PaymentAccount = parseResult.GetValue(_paymentAccount) ?? string.Empty,
        };
        if (request.MinAmountSats > request.AmountSats)
        {
            throw new UsageException("--min-amount must not be more than --amount.");
        }

        request.ArbitratorNodeIds.AddRange(parseResult.GetValue(_arbitrators) ?? []);
        var response = await context.Connection.Offers.CreateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Offer published.");
            OfferDisplay.Write(context.Output, response.Offer);
        });
    }
}
