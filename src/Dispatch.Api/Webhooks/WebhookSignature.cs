using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dispatch.Api.Webhooks;

/// <summary>
/// How a delivery is signed, and how a receiver checks it. The signed text is the timestamp, a dot and the exact body
/// bytes; the signature is <c>v1=</c> and the lower-case hex HMAC-SHA256 of it keyed with the webhook's secret (UTF-8).
/// The timestamp is signed too, so a captured delivery cannot be replayed later with a fresh timestamp.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Webhook-Id";
    public const string TimestampHeader = "Webhook-Timestamp";
    public const string SignatureHeader = "Webhook-Signature";
    public const string Scheme = "v1";

    /// <summary>Receivers should refuse a timestamp further than this from their own clock.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return $"{Scheme}={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }

    /// <summary>
    /// A receiver's check: the timestamp is a whole number of unix seconds within <paramref name="tolerance"/> of
    /// <paramref name="nowUnixSeconds"/>, and one of the space-separated signatures is the HMAC of exactly these bytes.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body,
        long nowUnixSeconds, TimeSpan? tolerance = null)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return false;
        if (Math.Abs(nowUnixSeconds - timestamp) > (tolerance ?? DefaultTolerance).TotalSeconds) return false;
        if (string.IsNullOrEmpty(signatureHeader)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate))) return true;
        return false;
    }
}
