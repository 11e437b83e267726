using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests.Formatting;

public sealed class FieldErrorsTests
{
    [Theory]
    [InlineData("The field price must be above 0 and at most 100000000.", "price")]
    [InlineData("The field payment_method_id names no known payment method.", "payment_method_id")]
    [InlineData("arbitrator_node_ids: At least one arbitrator is required.", "arbitrator_node_ids")]
    [InlineData("The fields min_amount_sats and max_amount_sats must not be negative.", "min_amount_sats")]
    [InlineData("The field filter.direction must be BUY, SELL or unset.", "filter.direction")]
    public void The_field_a_sentence_names_is_found(string sentence, string field) =>
        Assert.Equal(field, FieldErrors.FieldOf(sentence));

    [Fact]
    public void A_sentence_naming_no_field_gives_none() =>
        Assert.Null(FieldErrors.FieldOf("The wallet is locked; unlock it first."));
}
