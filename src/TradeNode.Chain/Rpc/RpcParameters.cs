using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TradeNode.Chain.Rpc;

/// <summary>
/// The parameters of one call, given by position (array) or by name (object), read with Bitcoin Core's checks:
/// a value of the wrong JSON type is error -3 "JSON value of type X is not of expected type Y".
/// </summary>
public sealed class RpcParameters
{
    private readonly JsonNode?[] _values;

    public RpcParameters(string method, IReadOnlyList<string> names, JsonNode? parameters)
    {
        ArgumentNullException.ThrowIfNull(names);
        _values = new JsonNode?[names.Count];
        switch (parameters)
        {
            case null:
                break;
            case JsonArray array:
                if (array.Count > names.Count)
                {
                    throw Usage(method, names);
                }

                for (var i = 0; i < array.Count; i++)
                {
                    _values[i] = array[i];
                }

                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var index = IndexOf(names, name);
                    if (index < 0)
                    {
                        throw new JsonRpcException(RpcErrorCode.MiscError, $"Unknown named parameter {name}");
                    }

                    _values[index] = value;
                }

                break;
            default:
                throw new JsonRpcException(RpcErrorCode.InvalidRequest, "Params must be an array or object");
        }

        Method = method;
        Names = names;
    }

    public string Method { get; }

    public IReadOnlyList<string> Names { get; }

    public bool Has(int index) => index < _values.Length && _values[index] is not null;

    public JsonNode? Raw(int index) => _values[index];

    public int GetInt(int index) => TryGetInt(index) ?? throw Usage(Method, Names);

    public int? TryGetInt(int index)
    {
        var node = Value(index, JsonValueKind.Number, "number");
        if (node is null)
        {
            return null;
        }

        return node.AsValue().TryGetValue<int>(out var value)
            ? value
            : throw new JsonRpcException(RpcErrorCode.TypeError, "JSON integer out of range");
    }

    public string GetString(int index) => TryGetString(index) ?? throw Usage(Method, Names);

    public string? TryGetString(int index) => Value(index, JsonValueKind.String, "string")?.GetValue<string>();

    public bool? TryGetBool(int index)
    {
        var node = _values[index];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            var kind => throw TypeMismatch(kind, "bool"),
        };
    }

    /// <summary>A verbosity given as a number or a bool (true is 1), as getblock and getrawtransaction accept.</summary>
    public int? TryGetVerbosity(int index)
    {
        var node = _values[index];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.Number => TryGetInt(index),
            var kind => throw TypeMismatch(kind, "number"),
        };
    }

    /// <summary>An amount in BTC (number or numeric string) as satoshis, exactly; more than 8 decimals is an error.</summary>
    public long? TryGetAmountSatoshis(int index)
    {
        var node = _values[index];
        if (node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        var text = kind switch
        {
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.String => node.GetValue<string>(),
            _ => throw TypeMismatch(kind, "number"),
        };
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var btc)
            || btc < 0 || decimal.Round(btc, 8) != btc || btc > 21_000_000m)
        {
            throw new JsonRpcException(RpcErrorCode.TypeError, "Invalid amount");
        }

        return (long)(btc * Money.CoinSatoshis);
    }

    public JsonArray? TryGetArray(int index) => Value(index, JsonValueKind.Array, "array")?.AsArray();

    public UInt256 GetHash(int index, string name)
    {
        var text = GetString(index);
        if (text.Length != 64 || !UInt256.TryParse(text, out var hash))
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, $"{name} must be of length 64 (not {text.Length}, for '{Truncate(text)}')");
        }

        return hash;
    }

    public byte[] GetHex(int index, string name)
    {
        var text = GetString(index);
        if (text.Length % 2 != 0 || !Bitcoin.DataEncoders.Encoders.Hex.TryDecode(text, out var bytes))
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, $"{name} must be hexadecimal string (not '{Truncate(text)}')");
        }

        return bytes;
    }

    private JsonNode? Value(int index, JsonValueKind expected, string expectedName)
    {
        var node = _values[index];
        if (node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        return kind == expected ? node : throw TypeMismatch(kind, expectedName);
    }

    private static JsonRpcException TypeMismatch(JsonValueKind kind, string expected) =>
        new(RpcErrorCode.TypeError, $"JSON value of type {TypeName(kind)} is not of expected type {expected}");

    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        _ => "number",
    };

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private static JsonRpcException Usage(string method, IReadOnlyList<string> names) =>
        new(RpcErrorCode.MiscError, $"{method} {string.Join(' ', names)}\n\nWrong number or type of parameters; see Bitcoin Core's documentation of {method}.");
}
