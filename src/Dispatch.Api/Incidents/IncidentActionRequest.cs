namespace Dispatch.Api.Incidents;

/// <summary>The body of close, reopen and cancel: why, in the dispatcher's words.</summary>
public sealed record IncidentActionRequest(string? Reason);
