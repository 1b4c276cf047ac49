# bash completion for blastradius
_blastradius() {
  local cur prev cmd
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  cmd="${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "scan rules explain hook version help" -- "$cur"))
    return
  fi
  case "$prev" in
    -f | --format) COMPREPLY=($(compgen -W "text json sarif markdown html gitlab" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "critical high medium low none" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --signatures) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -o | --output | --baseline | --write-baseline | --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --threads | --max-file-size | --exclude | --diff | --since-commit) return ;;
  esac
  case "$cmd" in
    scan)
      if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "--format --output --fail-on --threads --show-secrets --max-file-size
          --exclude --no-default-excludes --signatures --no-cache --no-context --color --quiet --verbose
          --staged --diff --since-commit --all-lines --config --no-config --baseline --write-baseline
          --baseline-prune --no-allow-markers --help" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi ;;
    explain)
      COMPREPLY=($(compgen -W "$(blastradius rules 2>/dev/null | awk 'NR > 1 && $1 ~ /\./ {print $1}')" -- "$cur")) ;;
    hook) COMPREPLY=($(compgen -W "install --force" -- "$cur")) ;;
    rules) COMPREPLY=($(compgen -W "--signatures --help" -- "$cur")) ;;
  esac
}
complete -o filenames -F _blastradius blastradius
