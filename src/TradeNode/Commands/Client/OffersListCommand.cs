using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers list</c>: the offer book, filtered, sorted and paged.</summary>
internal sealed class OffersListCommand : ClientCommand
{
    private readonly OfferFilterOptions _filter;
    private readonly PageOptions _page;

    private readonly Option<OfferSort> _sort = new("--sort")
    {
        Description = "Order: best (best price for the direction, default), price-asc, price-desc or newest.",
        HelpName = "order",
        CustomParser = ClientParsers.ParseOfferSort,
    };

    public OffersListCommand()
        : base("list", "List the offer book: every live offer this node knows, filtered, sorted and paged.", "tradenode offers list --direction sell --currency EUR", "tradenode offers list --payment-method SEPA --min-amount 0.005btc --json")
    {
        _filter = new OfferFilterOptions(this);
        Options.Add(_sort);
        _page = new PageOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new ListOffersRequest
        {
            Filter = _filter.Read(parseResult),
            Sort = parseResult.GetValue(_sort),
            Page = _page.Read(parseResult),
        };
        var response = await context.Connection.Offers.ListAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => Write(context.Output, response));
    }

    /// <summary>The offers as a table, and the paging footer (also used by <c>offers mine</c>).</summary>
    public static void Write(TextWriter output, ListOffersResponse response)
    {
        var table = OfferDisplay.CreateTable();
        foreach (var offer in response.Offers)
        {
            OfferDisplay.AddRow(table, offer);
        }

        table.Write(output, "No offers.");
        PageOptions.WriteFooter(output, response.Offers.Count, response.Page);
    }
}
