using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Dispatch.Api.Webhooks;

/// <summary>One CloudEvent on its way to one webhook, with every attempt made.</summary>
public sealed class WebhookDelivery
{
    public const string Pending = "pending", Delivered = "delivered", Failed = "failed", Dropped = "dropped";

    public Guid Id { get; set; }
    public Guid WebhookId { get; set; }
    /// <summary>The CloudEvent id, also sent as <c>Webhook-Id</c>: the receiver's key for deduplication.</summary>
    public string EventId { get; set; } = "";
    public long Sequence { get; set; }
    public string Contract { get; set; } = "";
    public string Status { get; set; } = Pending;
    public Instant QueuedAt { get; set; }
    public List<WebhookAttempt> Attempts { get; set; } = [];

    /// <summary>The same webhook and event always make the same delivery, so a repeated batch adds nothing.</summary>
    public static Guid IdFor(Guid webhookId, string eventId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"wuyang:webhook-delivery:{webhookId}:{eventId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <param name="Number">1 for the first attempt.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when no answer came (timeout, refused connection).</param>
/// <param name="Error">Why the attempt failed: <c>status 503</c>, <c>timeout</c>, <c>connection failed: ConnectionError</c>; null on success.</param>
/// <param name="DurationMilliseconds">From sending the request to the answer or the failure.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null when this one succeeded or was the last.</param>
public sealed record WebhookAttempt(int Number, Instant At, int? StatusCode, string? Error, long DurationMilliseconds, Instant? NextAttemptAt);
