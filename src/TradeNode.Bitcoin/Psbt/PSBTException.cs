namespace TradeNode.Bitcoin.Psbt;

/// <summary>A PSBT role refused to act (sign, combine, finalize, extract); <see cref="Errors"/> says why, per input.</summary>
public sealed class PSBTException : Exception
{
    public PSBTException()
        : this("The PSBT operation failed.")
    {
    }

    public PSBTException(string message)
        : base(message)
    {
        Errors = [new PSBTError(null, message)];
    }

    public PSBTException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new PSBTError(null, message)];
    }

    public PSBTException(IReadOnlyList<PSBTError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<PSBTError> Errors { get; }

    private static string Describe(IReadOnlyList<PSBTError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? "The PSBT operation failed." : string.Join(" ", errors.Select(e => e.ToString()));
    }
}
