namespace TradeNode.Core.Errors;

/// <summary>
/// Input a caller gave is not acceptable: the API answers INVALID_ARGUMENT with <see cref="Exception.Message"/>,
/// a sentence that names the field.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public InvalidInputException()
        : this(string.Empty, "The input is not valid.")
    {
    }

    public InvalidInputException(string message)
        : this(string.Empty, message)
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The field the message is about (API name, e.g. "min_amount_sats"), empty when it is about the whole request.</summary>
    public string Field { get; }
}
