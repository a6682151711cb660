namespace Dispatch.Domain.Duty;

/// <summary>An officer on the roster: badge number (no name: the roster carries no personal data), force, department and the unit they crew, if any.</summary>
public sealed record Officer(string Badge, Force Force, string Department, string? Unit);
