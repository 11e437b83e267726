using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers payment-methods</c>: the payment methods offers can name.</summary>
internal sealed class OffersPaymentMethodsCommand : ClientCommand
{
    public OffersPaymentMethodsCommand()
        : base("payment-methods", "List the payment methods an offer can name, with their currencies and maximum trade periods.", "tradenode offers payment-methods")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Offers.ListPaymentMethodsAsync(new ListPaymentMethodsRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var table = new TextTable("ID", "NAME", "PERIOD", "CURRENCIES").AlignRight("PERIOD");
            foreach (var method in response.PaymentMethods)
            {
                table.Add(method.Id, method.Name, Display.Duration(method.MaxTradePeriodSeconds), method.Currencies.Count == 0 ? "any" : string.Join(",", method.Currencies));
            }

            table.Write(context.Output, "No payment methods.");
        });
    }
}
