from painlog.launch import main

main()
